/**
 * What the SII's answers mean for each document of an envelope. Pure: the status job asks, this
 * decides. The rule of the house: a document is accepted only when an answer of the SII says so.
 */
import { documentStateVerdict, documentVerdict, type JudgedEnvelopeStatus } from './verdicts.ts';
import type { DocumentStatus, EnvelopeCount, RevisionCode, SiiVerdict } from '../ports/sii-gateway.ts';

/** What became of one document. */
export type DocumentOutcome =
  /** The SII decided: `siiState` is the state that says so, `codes` its reasons. */
  | { kind: 'verdict'; verdict: SiiVerdict; siiState: string; codes: RevisionCode[]; source: OutcomeSource; note?: string }
  /** The envelope's answer cannot tell (a mixed type without per-document lines): ask QueryEstDte. */
  | { kind: 'ask' }
  /** Not even QueryEstDte can tell: a person must look; the document is never resent on its own. */
  | { kind: 'unclear'; siiState: string; message: string };

/** Which answer decided: the envelope's state, the document's own line, the counts of its type, or QueryEstDte. */
export type OutcomeSource = 'envelope' | 'document' | 'counts' | 'QueryEstDte';

/** The document as the SII knows it: its type and folio. */
export interface DocumentKey {
  type: number;
  folio: number;
}

/**
 * Whether a final envelope answer rejects the whole envelope (RSC, RFR, RCT, RCH, RCO, RPT, VOF,
 * RFS): "ningún documento contenido dentro del envío fue aceptado". EPR with every document
 * rejected is decided per document instead, because it may list each one's codes.
 */
export function rejectsWholeEnvelope(status: JudgedEnvelopeStatus): boolean {
  return status.final && status.verdict === 'rejected' && status.state !== 'EPR';
}

/** The envelope's own codes, or its state and message when it gave none. */
export function envelopeCodes(status: JudgedEnvelopeStatus): RevisionCode[] {
  if (status.codes.length > 0) return status.codes;
  const code: RevisionCode = { code: status.errorCode ?? status.state, message: status.errorMessage ?? status.stateMeaning };
  return [code];
}

/**
 * The outcome of a document from a final envelope answer. In order: an envelope-level rejection
 * rejects it with the envelope's codes; its own line (DETALLE_REP_RECH) decides with its codes;
 * otherwise documentVerdict (an envelope state that decides for all, unanimous counts of its type,
 * or every rejected and repaired document of its type listed and this one not among them). When
 * none of these can tell, the caller must ask QueryEstDte.
 */
export function outcomeFromEnvelope(status: JudgedEnvelopeStatus, document: DocumentKey): DocumentOutcome {
  if (rejectsWholeEnvelope(status)) {
    return { kind: 'verdict', verdict: 'rejected', siiState: status.state, codes: envelopeCodes(status), source: 'envelope' };
  }
  const own = status.documents.find((line) => line.type === document.type && line.folio === document.folio);
  if (own !== undefined) {
    const verdict = documentStateVerdict(own.state);
    return verdict === undefined ? { kind: 'ask' } : { kind: 'verdict', verdict, siiState: own.state, codes: own.codes, source: 'document' };
  }
  const verdict = documentVerdict(status, document.type, document.folio);
  if (verdict === undefined) return { kind: 'ask' };
  return { kind: 'verdict', verdict, siiState: status.state, codes: [], source: 'counts' };
}

/** QueryEstDte states saying the SII recorded the document (later notes or an annulment presuppose that it was accepted). */
const RECORDED = new Set(['DOK', 'FAN', 'TMD', 'TMC', 'MMD', 'MMC', 'AND', 'ANC']);

/** QueryEstDte states saying the SII has no valid document under that folio. */
const NOT_RECORDED = new Set(['FAU', 'FNA', 'EMP']);

/**
 * The outcome of a document of a processed envelope from QueryEstDte, when the envelope's answer
 * could not tell (EPR with a mixed type and no per-document lines):
 * - DOK (and the states of recorded documents that notes have since modified): accepted. QueryEstDte
 *   does not tell reparos apart, so when the type's counts show repairs and no clean acceptance it is
 *   accepted_with_repairs; when they show both, accepted_with_repairs too (the weaker claim: a person
 *   reading it checks the SII's mail for the reparos).
 * - FAU (not received), FNA (not authorised): rejected. The SII processed the envelope and keeps no
 *   record of the document, which is what a rejection leaves; the codes are not available this way.
 * - DNK (recorded with other data) and anything else: unclear. The document is marked failed for a
 *   person to look at, and never sent again on its own (its folio may be used at the SII).
 */
export function outcomeFromDocumentStatus(answer: DocumentStatus, count: EnvelopeCount | undefined): DocumentOutcome {
  const code: RevisionCode = { code: answer.state, message: answer.meaning };
  if (RECORDED.has(answer.state)) {
    if (count !== undefined && count.accepted + count.repairs === 0) {
      return { kind: 'unclear', siiState: answer.state, message: `QueryEstDte says ${answer.state} but the envelope's counts accept no document of type ${count.type}.` };
    }
    const repairs = count !== undefined && count.repairs > 0;
    return {
      kind: 'verdict', verdict: repairs ? 'accepted_with_repairs' : 'accepted', siiState: answer.state, codes: [code], source: 'QueryEstDte',
      ...(repairs ? { note: 'QueryEstDte does not tell reparos apart; the type had documents with reparos.' } : {}),
    };
  }
  if (answer.state === 'FAU' || answer.state === 'FNA') {
    return { kind: 'verdict', verdict: 'rejected', siiState: answer.state, codes: [code], source: 'QueryEstDte' };
  }
  return {
    kind: 'unclear', siiState: answer.state,
    message: `The SII processed the envelope but its answer does not say what became of this document, and QueryEstDte answers ${answer.state} (${answer.meaning}). Ask the SII before sending it again.`,
  };
}

/** Whether the SII has a document, from QueryEstDte, for an upload that was interrupted. */
export type Presence = 'recorded' | 'not_recorded' | 'different' | 'unknown';

/**
 * Reads QueryEstDte for an interrupted upload: `recorded` (do not send again: it is accepted),
 * `not_recorded` (FAU, FNA, EMP: sending it is safe), `different` (DNK: the SII has a document
 * with this folio whose data differ; a person must look), `unknown` (any other state: do not send).
 */
export function presenceAtSii(answer: DocumentStatus): Presence {
  if (RECORDED.has(answer.state)) return 'recorded';
  if (NOT_RECORDED.has(answer.state)) return 'not_recorded';
  return answer.state === 'DNK' ? 'different' : 'unknown';
}
