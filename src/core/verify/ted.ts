import { verify } from 'node:crypto';
import { descendantElement, textAt } from './parse-xml.ts';
import { innerSpan } from './document-under-check.ts';
import type { DocumentUnderCheck } from './document-under-check.ts';
import { collapseInterElementWhitespace, encodeIso88591 } from './raw-xml.ts';
import type { Verdict } from './report.ts';
import { decodeBase64, rsaPublicKey } from './signature-key.ts';

/**
 * Verifies the TED's FRMT: SHA1withRSA with the CAF's public key (RSAPK M, E) over DD as written,
 * whitespace between elements removed, in ISO-8859-1.
 */
export function verifyTedSignature(document: DocumentUnderCheck): Verdict {
  const ted = descendantElement(document.content, 'TED');
  const tedSpan = innerSpan(document, document.span, 'TED');
  const ddSpan = tedSpan === undefined ? undefined : innerSpan(document, tedSpan, 'DD');
  if (ted === undefined || tedSpan === undefined || ddSpan === undefined) {
    return { ok: false, detail: 'The document has no TED with a DD, so there is no timbre to verify.' };
  }
  const algorithm = descendantElement(ted, 'FRMT')?.attr('algoritmo')?.value ?? 'SHA1withRSA';
  if (algorithm !== 'SHA1withRSA') {
    return { ok: false, detail: `FRMT declares algoritmo "${algorithm}"; only SHA1withRSA is defined for the TED.` };
  }
  const modulus = textAt(ted, 'DD', 'CAF', 'DA', 'RSAPK', 'M');
  const exponent = textAt(ted, 'DD', 'CAF', 'DA', 'RSAPK', 'E');
  const frmt = textAt(ted, 'FRMT');
  if (modulus === undefined || exponent === undefined || frmt === undefined) {
    return { ok: false, detail: 'The TED lacks FRMT or the CAF public key (DD/CAF/DA/RSAPK M and E).' };
  }
  const ddText = collapseInterElementWhitespace(document.raw.text.slice(ddSpan.start, ddSpan.end));
  const ddBytes = encodeIso88591(ddText, document.raw.encoding);
  if ('error' in ddBytes) {
    return { ok: false, detail: `DD cannot be encoded in ISO-8859-1: ${ddBytes.error}.` };
  }
  let verified: boolean;
  try {
    verified = verify('sha1', ddBytes, rsaPublicKey(modulus, exponent), decodeBase64(frmt));
  } catch (error) {
    return { ok: false, detail: `The CAF public key (RSAPK) or FRMT cannot be used: ${(error as Error).message}.` };
  }
  const what = `FRMT (SHA1withRSA) over DD (${ddBytes.length} bytes, ISO-8859-1, whitespace between elements removed) with the CAF's RSAPK`;
  return verified
    ? { ok: true, detail: `${what} verifies.` }
    : { ok: false, detail: `${what} does not verify: DD changed after stamping, or the TED was stamped with another CAF's key.` };
}

/** Compares numbers written as decimal text (`30276.00` equals `30276`). */
function sameNumber(first: string | undefined, second: string | undefined): boolean {
  const normalize = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : value.replace(/^(-?)0+(?=\d)/, '$1').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return normalize(first) === normalize(second);
}

/** Compares RUTs ignoring dots, case of the check digit and leading zeros. */
function sameRut(first: string | undefined, second: string | undefined): boolean {
  const normalize = (value: string | undefined): string | undefined => value?.replace(/\./g, '').replace(/^0+/, '').toUpperCase();
  return normalize(first) === normalize(second);
}

/**
 * Checks that the TED's DD says what the document says (RE, TD, F, FE, RR, MNT against RUTEmisor,
 * TipoDTE, Folio, FchEmis, RUTRecep, MntTotal) and that the CAF covers it (same RE and TD, F within
 * RNG D..H).
 */
export function verifyTedData(document: DocumentUnderCheck): Verdict {
  const dd = descendantElement(document.content, 'TED', 'DD');
  const encabezado = descendantElement(document.content, 'Encabezado');
  if (dd === undefined || encabezado === undefined) {
    return { ok: false, detail: 'The document lacks TED/DD or Encabezado, so the timbre data cannot be compared.' };
  }
  const pairs: Array<[string, string | undefined, string, string | undefined, (a?: string, b?: string) => boolean]> = [
    ['RE', textAt(dd, 'RE'), 'RUTEmisor', textAt(encabezado, 'Emisor', 'RUTEmisor'), sameRut],
    ['TD', textAt(dd, 'TD'), 'TipoDTE', textAt(encabezado, 'IdDoc', 'TipoDTE'), sameNumber],
    ['F', textAt(dd, 'F'), 'Folio', textAt(encabezado, 'IdDoc', 'Folio'), sameNumber],
    ['FE', textAt(dd, 'FE'), 'FchEmis', textAt(encabezado, 'IdDoc', 'FchEmis'), (a, b) => a === b],
    ['RR', textAt(dd, 'RR'), 'RUTRecep', textAt(encabezado, 'Receptor', 'RUTRecep'), sameRut],
    ['MNT', textAt(dd, 'MNT'), 'MntTotal', textAt(encabezado, 'Totales', 'MntTotal'), sameNumber],
    ['RE', textAt(dd, 'RE'), 'the CAF\'s RE', textAt(dd, 'CAF', 'DA', 'RE'), sameRut],
    ['TD', textAt(dd, 'TD'), 'the CAF\'s TD', textAt(dd, 'CAF', 'DA', 'TD'), sameNumber],
  ];
  const problems = pairs
    .filter(([, ted, , documentValue, same]) => !same(ted, documentValue))
    .map(([tedName, ted, documentName, documentValue]) => `DD/${tedName} is ${ted ?? '(missing)'} but ${documentName} is ${documentValue ?? '(missing)'}`);
  const folio = Number(textAt(dd, 'F'));
  const from = Number(textAt(dd, 'CAF', 'DA', 'RNG', 'D'));
  const to = Number(textAt(dd, 'CAF', 'DA', 'RNG', 'H'));
  if (!(Number.isInteger(folio) && folio >= from && folio <= to)) {
    problems.push(`folio ${textAt(dd, 'F') ?? '(missing)'} is outside the CAF's range ${from}..${to}`);
  }
  if (problems.length > 0) {
    return { ok: false, detail: `The timbre does not match the document: ${problems.join('; ')}.` };
  }
  return {
    ok: true,
    detail: `DD's RE, TD, F, FE, RR and MNT equal the document's RUTEmisor, TipoDTE, Folio, FchEmis, RUTRecep and MntTotal; the CAF is for the same RE and TD and its range ${from}..${to} includes folio ${folio}.`,
  };
}
