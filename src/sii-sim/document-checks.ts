import type { X509Certificate } from 'node:crypto';
import { cafSignatureInput, verifyCafSignature } from '../core/verify/caf.ts';
import { verifyDocumentSignature } from '../core/verify/document.ts';
import { innerSpan, type DocumentUnderCheck } from '../core/verify/document-under-check.ts';
import { descendantElement, textAt } from '../core/verify/parse-xml.ts';
import { spanText } from '../core/verify/raw-xml.ts';
import { verifyTedSignature } from '../core/verify/ted.ts';
import { blankFieldErrors } from './blank-field-checks.ts';
import { readFacts, type DocumentFacts } from './document-facts.ts';
import { checkReferences } from './reference-checks.ts';
import { revisionError, type RevisionError } from './revision-codes.ts';
import { normalRut } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';
import { checkTotals } from './totals-check.ts';

/**
 * The checks the SII makes on each DTE of a processed envelope. Signature math (the DTE's XMLDSig
 * taken alone, the TED's FRMT, the CAF's FRMA) comes from the verifier in src/core/verify; everything
 * else is the simulator's own: the TED's data, the folio's range, age and uniqueness, blank names and
 * addresses, the totals and the references.
 */

/** Types whose CAF expires six months after its date (catalog CAF-3-517, "CAF Vencido"). */
const SIX_MONTH_TYPES: ReadonlySet<number> = new Set([33]);

/** What the checks need besides the document. */
export interface DocumentCheckContext {
  state: SimulatorState;
  trustedCafCertificates: readonly X509Certificate[];
}

/** The errors found in one document, with its facts. */
export interface CheckedDocument {
  facts: DocumentFacts;
  errors: RevisionError[];
  /** True when the CAF's FRMA verified with a trusted authority. */
  authenticCaf: boolean;
}

/** YYYY-MM-DD six months after `date`, the day clamped to the month's length. */
export function sixMonthsAfter(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + 6, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

function signatureErrors(document: DocumentUnderCheck): RevisionError[] {
  const verification = verifyDocumentSignature(spanText(document.raw, document.span), document.raw.encoding, false);
  const errors: RevisionError[] = [];
  if (!verification.signature.ok) errors.push(revisionError('DTE-3-505', verification.signature.detail));
  if (verification.certificate !== undefined && !verification.certificate.ok) errors.push(revisionError('DTE-3-505', verification.certificate.detail));
  return errors;
}

/** Compares the TED's DD with the document, and the CAF inside it with DD (RE and TD). */
function timbreDataErrors(document: DocumentUnderCheck, facts: DocumentFacts): RevisionError[] {
  const dd = descendantElement(document.content, 'TED', 'DD');
  if (dd === undefined) return [revisionError('TED-3-900', 'The document has no TED/DD.')];
  const numbers = (first: string | undefined, second: number): boolean => first !== undefined && Number(first) === second;
  const comparisons: Array<[string, boolean, string, string]> = [
    ['RE', normalRut(textAt(dd, 'RE')) === normalRut(facts.RUTEmisor), textAt(dd, 'RE') ?? '', `RUTEmisor ${facts.RUTEmisor}`],
    ['TD', numbers(textAt(dd, 'TD'), facts.TipoDTE), textAt(dd, 'TD') ?? '', `TipoDTE ${facts.TipoDTE}`],
    ['F', numbers(textAt(dd, 'F'), facts.Folio), textAt(dd, 'F') ?? '', `Folio ${facts.Folio}`],
    ['FE', textAt(dd, 'FE') === facts.FchEmis, textAt(dd, 'FE') ?? '', `FchEmis ${facts.FchEmis}`],
    ['RR', normalRut(textAt(dd, 'RR')) === normalRut(facts.RUTRecep), textAt(dd, 'RR') ?? '', `RUTRecep ${facts.RUTRecep}`],
    ['MNT', numbers(textAt(dd, 'MNT'), facts.MntTotal), textAt(dd, 'MNT') ?? '', `MntTotal ${facts.MntTotal}`],
    ['CAF/DA/RE', facts.caf !== undefined && normalRut(facts.caf.RE) === normalRut(facts.RUTEmisor), facts.caf?.RE ?? '', `RUTEmisor ${facts.RUTEmisor}`],
    ['CAF/DA/TD', facts.caf !== undefined && facts.caf.TD === facts.TipoDTE, String(facts.caf?.TD ?? ''), `TipoDTE ${facts.TipoDTE}`],
  ];
  const wrong = comparisons.filter(([, same]) => !same).map(([name, , value, expected]) => `DD/${name} is ${value || '(missing)'} but the document's ${expected}`);
  return wrong.length === 0 ? [] : [revisionError('TED-3-900', `The timbre does not match the document: ${wrong.join('; ')}.`)];
}

/** The CAF's authenticity, range and age, and the document's date against it. */
function cafErrors(document: DocumentUnderCheck, facts: DocumentFacts, trusted: readonly X509Certificate[]): { errors: RevisionError[]; authentic: boolean } {
  const tedSpan = innerSpan(document, document.span, 'TED');
  const ddSpan = tedSpan === undefined ? undefined : innerSpan(document, tedSpan, 'DD');
  const input = ddSpan === undefined ? undefined : cafSignatureInput(document.raw.text, document.masked, document.raw.encoding, ddSpan.startTagEnd, ddSpan.endTagStart);
  if (input === undefined || facts.caf === undefined) return { errors: [revisionError('CAF-3-900', 'The TED carries no CAF with its DA.')], authentic: false };
  const errors: RevisionError[] = [];
  const verdict = verifyCafSignature(input, trusted);
  if (!verdict.ok) errors.push(revisionError('CAF-3-900', verdict.detail));
  const { D, H, FA } = facts.caf;
  if (!(facts.Folio >= D && facts.Folio <= H)) {
    errors.push(revisionError('CAF-3-901', `Folio ${facts.Folio} is outside the CAF's range ${D} to ${H}.`));
  }
  // The catalog's HED-3-305, "Fecha de emisión del DTE previa a la fecha de autorización", a nivel 3
  // rejection: a document dated before the CAF that authorises its folio.
  if (/^\d{4}-\d{2}-\d{2}$/.test(FA) && /^\d{4}-\d{2}-\d{2}$/.test(facts.FchEmis) && facts.FchEmis < FA) {
    errors.push(revisionError('HED-3-305', `FchEmis ${facts.FchEmis} is before ${FA}, the date of the CAF that authorises folio ${facts.Folio}.`));
  }
  if (SIX_MONTH_TYPES.has(facts.TipoDTE) && facts.signingDate !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(FA) && facts.signingDate > sixMonthsAfter(FA)) {
    errors.push(revisionError('CAF-3-517', `Signed on ${facts.signingDate}, more than six months after the CAF's date ${FA} (limit ${sixMonthsAfter(FA)}).`, [facts.signingDate, FA]));
  }
  return { errors, authentic: verdict.ok };
}

/** Whether the folio is taken: by this very document sent again (DTE-3-100) or by another (DTE-3-101). */
function folioErrors(facts: DocumentFacts, state: SimulatorState): RevisionError[] {
  const holder = state.document(facts.RUTEmisor, facts.TipoDTE, facts.Folio);
  if (holder === undefined) return [];
  const where = `in envelope ${holder.trackId}`;
  return holder.digest === facts.digest
    ? [revisionError('DTE-3-100', `This DTE ${facts.TipoDTE} folio ${facts.Folio} was already received ${where}.`)]
    : [revisionError('DTE-3-101', `Folio ${facts.Folio} of type ${facts.TipoDTE} of ${facts.RUTEmisor} was already received ${where}, in another document.`)];
}

/** Runs every check on one document, in the order the SII reports them. */
export function checkDocument(document: DocumentUnderCheck, context: DocumentCheckContext): CheckedDocument {
  const facts = readFacts(document);
  const caf = cafErrors(document, facts, context.trustedCafCertificates);
  const tedSignature = verifyTedSignature(document);
  const errors = [
    ...signatureErrors(document),
    ...folioErrors(facts, context.state),
    ...caf.errors,
    ...(tedSignature.ok ? [] : [revisionError('TED-2-510', tedSignature.detail)]),
    ...timbreDataErrors(document, facts),
    ...blankFieldErrors(document.content),
    ...(document.content === undefined ? [] : checkTotals(document.content).errors),
    ...checkReferences(facts, context.state),
  ];
  return { facts, errors, authenticCaf: caf.authentic };
}
