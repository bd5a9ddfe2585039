import { verify } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { parseUntrustedXml, descendantElement, textAt } from './parse-xml.ts';
import { collapseInterElementWhitespace, decodeRawXml, encodeIso88591, findElementSpans, maskNonMarkup } from './raw-xml.ts';
import type { RawEncoding } from './raw-xml.ts';
import { check } from './report.ts';
import type { Check } from './report.ts';
import { describeTrustedCertificate, siiCafCertificates } from './sii-certificates.ts';
import { decodeBase64 } from './signature-key.ts';
import type { Verdict } from './report.ts';

/** The parts of a CAF that its signature covers, taken from the raw text. */
export interface CafSignatureInput {
  /** DA exactly as written, in the file's decoded text. */
  daText: string;
  encoding: RawEncoding;
  /** FRMA's base64 content. */
  frma: string | undefined;
  /** FRMA's `algoritmo` attribute. */
  algorithm: string | undefined;
  /** DA/IDK, the SII's key identifier, quoted in the detail. */
  idk: string | undefined;
}

/**
 * Verifies a CAF's FRMA (SHA1withRSA over DA with whitespace between elements removed, ISO-8859-1)
 * against each trusted certificate, and says which one verified it, or that none did.
 */
export function verifyCafSignature(input: CafSignatureInput, trusted: readonly X509Certificate[]): Verdict {
  if (input.frma === undefined || input.frma === '') {
    return { ok: false, detail: 'The CAF has no FRMA, so it cannot be authenticated.' };
  }
  if (input.algorithm !== undefined && input.algorithm !== 'SHA1withRSA') {
    return { ok: false, detail: `FRMA declares algoritmo "${input.algorithm}"; only SHA1withRSA is defined for CAFs.` };
  }
  const daBytes = encodeIso88591(collapseInterElementWhitespace(input.daText), input.encoding);
  if ('error' in daBytes) {
    return { ok: false, detail: `DA cannot be encoded in ISO-8859-1: ${daBytes.error}.` };
  }
  const signature = decodeBase64(input.frma);
  const verifier = trusted.find((certificate) => {
    try {
      return verify('sha1', daBytes, certificate.publicKey, signature);
    } catch {
      return false;
    }
  });
  const what = `FRMA (SHA1withRSA) over DA (${daBytes.length} bytes, ISO-8859-1, whitespace between elements removed, IDK ${input.idk ?? 'missing'})`;
  if (verifier !== undefined) {
    return { ok: true, detail: `${what} verifies with ${describeTrustedCertificate(verifier)}.` };
  }
  const tried = trusted.length === 0 ? 'no certificate is trusted' : `tried ${trusted.map(describeTrustedCertificate).join(', ')}`;
  return { ok: false, detail: `${what} verifies with none of the trusted certificates (${tried}): the CAF was altered or comes from another authority.` };
}

/** Reads the CAF signature input from the `CAF` element found in `masked` between `from` and `to`. */
export function cafSignatureInput(text: string, masked: string, encoding: RawEncoding, from: number, to: number): CafSignatureInput | undefined {
  const caf = findElementSpans(masked, 'CAF', from, to)[0];
  const da = caf === undefined ? undefined : findElementSpans(masked, 'DA', caf.startTagEnd, caf.endTagStart)[0];
  const frma = caf === undefined ? undefined : findElementSpans(masked, 'FRMA', caf.startTagEnd, caf.endTagStart)[0];
  if (caf === undefined || da === undefined) {
    return undefined;
  }
  const frmaStartTag = frma === undefined ? '' : text.slice(frma.start, frma.startTagEnd);
  return {
    daText: text.slice(da.start, da.end),
    encoding,
    frma: frma === undefined ? undefined : text.slice(frma.startTagEnd, frma.endTagStart).trim(),
    algorithm: /algoritmo\s*=\s*["']([^"']*)["']/.exec(frmaStartTag)?.[1],
    idk: /<IDK>\s*(\d+)\s*<\/IDK>/.exec(text.slice(da.start, da.end))?.[1],
  };
}

/**
 * Verifies a CAF file as the SII delivers it (`AUTORIZACION` with `CAF`, or a bare `CAF`) against the
 * trusted certificates, the SII's by default. The subject names the type and folio range.
 */
export function verifyCaf(bytes: Uint8Array, trusted: readonly X509Certificate[] = siiCafCertificates()): Check {
  const raw = decodeRawXml(bytes);
  if ('error' in raw) return check('caf-signature', 'CAF', false, raw.error);
  const parsed = parseUntrustedXml(bytes, raw.declared ? undefined : raw.encoding);
  if (!parsed.ok) {
    return check('caf-signature', 'CAF', false, `The CAF file cannot be read: ${parsed.errors.map((error) => error.message).join('; ')}.`);
  }
  try {
    const root = parsed.document.root;
    const caf = root.name === 'CAF' ? root : descendantElement(root, 'CAF');
    const subject = `CAF ${textAt(caf, 'DA', 'TD') ?? '?'} folios ${textAt(caf, 'DA', 'RNG', 'D') ?? '?'}-${textAt(caf, 'DA', 'RNG', 'H') ?? '?'}`;
    const masked = maskNonMarkup(raw.text);
    const input = cafSignatureInput(raw.text, masked, raw.encoding, 0, masked.length);
    if (input === undefined) {
      return check('caf-signature', subject, false, 'The file has no CAF with a DA element.');
    }
    const verdict = verifyCafSignature(input, trusted);
    return check('caf-signature', subject, verdict.ok, verdict.detail);
  } finally {
    parsed.document.dispose();
  }
}
