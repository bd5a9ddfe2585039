import type { EnvelopeCount, EnvelopeStatus, SiiVerdict } from '../ports/sii-gateway.ts';

/**
 * What the SII's envelope states mean for the product: which are final and what verdict they carry.
 *
 * - EPR ("Envío Procesado") is final but is not an acceptance: the manual (manual_certificacion §3.2)
 *   says the envelope was validated "Sin embargo en su interior pueden haber documentos Aceptados o
 *   Rechazados, a nivel individual". The verdict is in the counts per type (ACEPTADOS, RECHAZADOS,
 *   REPAROS), which the SII reports as disjoint parts of INFORMADOS.
 * - Reparos (REPAROS, RPR, RLV) are **accepted with repairs**, never rejected. The SII's rule
 *   (compra_venta.txt): "Si las validaciones tienen como resultado un rechazo, no permitirán el
 *   ingreso de la IECV o DTE … Si las validaciones tienen como resultado un reparo, permitirán el
 *   ingreso de la IECV, DTE … al SII. De ser necesario, el contribuyente deberá corregir dicha
 *   información." A document with reparos is valid and recorded, so it must not be issued again (its
 *   folio is used); manual_certificacion lists "envíos aceptados, rechazados y aceptados con reparos".
 * - RSC, RFR, RCT (schema, signature, carátula), RCH, RCO, RPT, VOF and RFS reject the whole envelope:
 *   "ningún documento contenido dentro del envío fue aceptado" (manual_certificacion §3.2).
 * - REC, PRD/PDR, SOK, FOK and CRT are steps of the processing: ask again later.
 * - A state the catalog does not know is taken as not final: the caller keeps asking, within its own
 *   deadline, rather than deciding on a code nobody has documented.
 */
interface StateRule {
  final: boolean;
  /** For final states other than EPR, the verdict on every document. */
  verdict?: SiiVerdict;
}

const ENVELOPE_STATE_RULES: Readonly<Record<string, StateRule>> = {
  REC: { final: false },
  PRD: { final: false },
  PDR: { final: false },
  SOK: { final: false },
  FOK: { final: false },
  CRT: { final: false },
  EPR: { final: true },
  RPR: { final: true, verdict: 'accepted_with_repairs' },
  RLV: { final: true, verdict: 'accepted_with_repairs' },
  RSC: { final: true, verdict: 'rejected' },
  RFR: { final: true, verdict: 'rejected' },
  RFS: { final: true, verdict: 'rejected' },
  RCT: { final: true, verdict: 'rejected' },
  RCH: { final: true, verdict: 'rejected' },
  RCO: { final: true, verdict: 'rejected' },
  RPT: { final: true, verdict: 'rejected' },
  VOF: { final: true, verdict: 'rejected' },
};

/** An envelope answer with what it means: whether the SII has decided, and on what. */
export interface JudgedEnvelopeStatus extends EnvelopeStatus {
  /**
   * Whether the SII has decided: asking again will not change the answer. Only then do `verdict`
   * and the counts say anything about the documents.
   */
  final: boolean;
  /**
   * The envelope's outcome when final: every document accepted, accepted with at least one repair
   * and none rejected, all rejected, or `mixed` (some rejected, some not: use `documentVerdict`).
   */
  verdict?: SiiVerdict | 'mixed';
}

/**
 * Reads an envelope answer with the rules above. A whole envelope rejected (other than EPR) gets
 * the code and message that explain it: its revision codes, else the SII's ERR_CODE and GLOSA.
 */
export function judgeEnvelope(status: EnvelopeStatus): JudgedEnvelopeStatus {
  const final = isFinalEnvelopeState(status.state);
  if (!final) return { ...status, final };
  const verdict = envelopeVerdict(status.state, status.counts);
  const judged: JudgedEnvelopeStatus = { ...status, final, ...(verdict === undefined ? {} : { verdict }) };
  if (verdict !== 'rejected' || status.state === 'EPR') return judged;
  const { codes } = status;
  const errorCode = codes.length > 0 ? codes.map((code) => code.code).join(', ') : status.reportedErrorCode;
  if (errorCode) judged.errorCode = errorCode;
  judged.errorMessage = codes.length > 0 ? codes.map((code) => code.message).join('; ') : (status.glosa ?? status.stateMeaning);
  return judged;
}

/** Whether an envelope state is one the SII will not change. */
export function isFinalEnvelopeState(state: string): boolean {
  return ENVELOPE_STATE_RULES[state]?.final === true;
}

/** The verdict of a final envelope: from its state, or for EPR from its counts. */
export function envelopeVerdict(state: string, counts: readonly EnvelopeCount[]): SiiVerdict | 'mixed' | undefined {
  const rule = ENVELOPE_STATE_RULES[state];
  if (rule === undefined || !rule.final) return undefined;
  if (rule.verdict !== undefined) return rule.verdict;
  const total = counts.reduce((sum, count) => ({
    informed: sum.informed + count.informed,
    rejected: sum.rejected + count.rejected,
    repairs: sum.repairs + count.repairs,
  }), { informed: 0, rejected: 0, repairs: 0 });
  if (total.informed > 0 && total.rejected >= total.informed) return 'rejected';
  if (total.rejected > 0) return 'mixed';
  return total.repairs > 0 ? 'accepted_with_repairs' : 'accepted';
}

/** The verdict a per-document state of DETALLE_REP_RECH stands for, when it is a known one. */
export function documentStateVerdict(state: string): SiiVerdict | undefined {
  if (state === 'RPR' || state === 'RLV') return 'accepted_with_repairs';
  if (state === 'DOK' || state === 'EPR' || state === 'ACE') return 'accepted';
  if (/^R[A-Z]{2}$/.test(state)) return 'rejected';
  return undefined;
}

/**
 * The verdict on one document of a final envelope, or undefined when the answer cannot tell. In
 * order: the document's own line in DETALLE_REP_RECH; the envelope's state when it decides for every
 * document; the counts of its type when they are unanimous; and, when the answer lists every
 * rejected and repaired document of that type (as many lines as RECHAZADOS + REPAROS), a document not
 * listed is accepted. Otherwise (the real getEstUp with a mixed type) ask QueryEstDte or the SII's
 * mail for that document.
 */
export function documentVerdict(status: JudgedEnvelopeStatus, type: number, folio: number): SiiVerdict | undefined {
  if (!status.final) return undefined;
  const own = status.documents.find((document) => document.type === type && document.folio === folio);
  if (own !== undefined) return documentStateVerdict(own.state);
  const rule = ENVELOPE_STATE_RULES[status.state];
  if (rule?.verdict !== undefined) return rule.verdict;
  const count = status.counts.find((candidate) => candidate.type === type);
  if (count === undefined || count.informed === 0) return undefined;
  if (count.accepted === count.informed) return 'accepted';
  if (count.rejected === count.informed) return 'rejected';
  if (count.repairs === count.informed) return 'accepted_with_repairs';
  const listed = status.documents.filter((document) => document.type === type).length;
  return listed === count.rejected + count.repairs ? 'accepted' : undefined;
}
