/**
 * What the SII's answers mean, decided in one place. The jobs (submit, status, interrupted uploads)
 * fetch answers and store what this decides; nothing here does I/O. Each kind of evidence is what a
 * job knows at one moment, and each decision is what it must do next: store a verdict, ask the
 * envelope again later, look the document up with QueryEstDte, treat the file as one the SII may
 * already have, send the document anew, fail it, or leave it for a person.
 *
 * The rules of the house, which the property tests in test/app/submission/decide.test.ts hold:
 * - a document is accepted only when an answer of the SII says so (its own line, its type's counts,
 *   or QueryEstDte's record of it);
 * - a refusal as a repeat (DTE-3-100, DTE-3-101), or a rejection the counts alone give, is never
 *   stored before QueryEstDte is asked: a repeat of a document the SII holds (DOK) is an acceptance;
 * - reparos (RPR, RLV, REPAROS) are accepted with repairs, never rejected (manual_certificacion §3.2,
 *   compra_venta: "Si las validaciones tienen como resultado un reparo, permitirán el ingreso");
 * - EPR only says the envelope was processed: the verdict is in the counts per type;
 * - a file that may have reached the SII is never failed and never sent in another envelope before
 *   the SII's side is known: within the repeat window (from its first upload, never past the SII's
 *   900 s memory of a file) the same bytes go again, after it QueryEstDte is asked.
 */
import { awaitsVerdict, isVerdict, type DocumentState } from '../../core/document-states.ts';
import type { EnvelopeState } from '../ports/index.ts';
import type { DocumentStatus, EnvelopeStatus, RevisionCode, SiiVerdict } from '../ports/sii-gateway.ts';
import {
  outcomeFromDocumentStatus, outcomeFromEnvelope, presenceAtSii, rejectsWholeEnvelope, type DocumentOutcome, type OutcomeSource,
} from './document-outcomes.ts';
import { judgeEnvelope, type JudgedEnvelopeStatus } from './verdicts.ts';

/** How long the SII remembers a file it received: the same bytes within it are answered with the first track id (envio.pdf, STATUS 99). */
export const SII_REPEAT_MEMORY_MS = 900_000;

/**
 * The codes by which the SII refuses a document it already holds: DTE-3-100 (DTE repetido) and
 * DTE-3-101 (folio ya recibido). They are about the repeat, not about the document.
 */
export const REPEAT_CODES: ReadonlySet<string> = new Set(['DTE-3-100', 'DTE-3-101']);

/** One document as the decision needs it: its key at the SII and its state here. */
export interface DocumentFacts {
  id: string;
  type: number;
  folio: number;
  state: DocumentState;
}

/** A verdict to store, with the SII's state that says so and its codes. */
export interface VerdictDecision {
  kind: 'verdict';
  verdict: SiiVerdict;
  siiState: string;
  codes: RevisionCode[];
  source: OutcomeSource;
  note?: string;
  /** The verdict turned on a repeat: the job adds the document's earlier envelopes to the note. */
  repeat?: string;
}

/** What to do with one document. */
export type DocumentDecision =
  | VerdictDecision
  /** Ask QueryEstDte about the document, then decide again with its answer. */
  | { kind: 'look-up' }
  /** The SII does not have it (QueryEstDte FAU, FNA, EMP after an interrupted upload): send it in a new envelope. */
  | { kind: 'send-again'; siiState: string }
  /** Nothing the SII said settles it: fail it for a person, never send it again on its own. */
  | { kind: 'for-a-person'; siiState: string; message: string }
  /** It already has its verdict (a run died before closing the envelope): tell the listeners again. */
  | { kind: 'already-decided' }
  /** It is not waiting for this answer (a person moved it meanwhile): leave it. */
  | { kind: 'not-waiting' };

/** A QueryEstUp answer about an envelope, the envelope's documents, and what QueryEstDte said of some of them. */
export interface EnvelopeEvidence {
  kind: 'envelope-status';
  status: EnvelopeStatus;
  documents: readonly DocumentFacts[];
  /** QueryEstDte's answers by document id, for the documents a first decision asked to look up. */
  lookups?: ReadonlyMap<string, DocumentStatus>;
}

/** The envelope is still being processed, or it was, with a decision per document. */
export type EnvelopeDecision =
  | { kind: 'ask-again'; status: JudgedEnvelopeStatus }
  | { kind: 'processed'; status: JudgedEnvelopeStatus; wholeEnvelopeRejected: boolean; documents: ReadonlyMap<string, DocumentDecision> };

/** Documents whose upload may have reached the SII with no usable answer: a worker died mid-upload, or the answer was lost. */
export interface InterruptedEvidence {
  kind: 'interrupted-upload';
  /** Their envelope, when it is still stored: its state, when it was made (just before its first upload), whether every document of it is here. */
  envelope: { state: EnvelopeState; createdAt: Date; complete: boolean } | undefined;
  now: Date;
  /** How long after its first upload the same file is sent again (SubmissionSettings.repeatWindowMs). */
  repeatWindowMs: number;
  documents: readonly DocumentFacts[];
  lookups?: ReadonlyMap<string, DocumentStatus>;
}

/** Send the same bytes again (the SII may already have them), or a decision per document after QueryEstDte. */
export type InterruptedDecision =
  | { kind: 'may-have-it' }
  | { kind: 'looked-up'; documents: ReadonlyMap<string, DocumentDecision> };

/** An upload that failed, with what the failure says and what came before it. */
export interface UploadFailureEvidence {
  kind: 'upload-failed';
  /** The DteError's code (SII_REJECTED: the SII answered no), or INTERNAL for anything else. */
  errorCode: string;
  retryable: boolean;
  /** The gateway says an attempt may have delivered the file (a timeout, a reset, a 5xx or an unreadable answer after sending). */
  mayHaveDelivered: boolean;
  /** The queue's deadline cut the upload short: the file may be on its way. */
  timedOut: boolean;
  /** The envelope's state before this attempt: `unconfirmed` or `uploading` left the SII's side unknown. */
  envelopeState: EnvelopeState;
}

/** The SII may already have the file (keep the envelope unconfirmed), or the upload failed (retryable or for good). */
export type UploadFailureDecision = { kind: 'may-have-it' } | { kind: 'failed'; retryable: boolean };

export type Evidence = EnvelopeEvidence | InterruptedEvidence | UploadFailureEvidence;

/** Decides what the SII's answers (or their absence) mean. Pure: the same evidence, the same decision. */
export function decide(evidence: EnvelopeEvidence): EnvelopeDecision;
export function decide(evidence: InterruptedEvidence): InterruptedDecision;
export function decide(evidence: UploadFailureEvidence): UploadFailureDecision;
export function decide(evidence: Evidence): EnvelopeDecision | InterruptedDecision | UploadFailureDecision {
  if (evidence.kind === 'envelope-status') return decideEnvelope(evidence);
  if (evidence.kind === 'interrupted-upload') return decideInterrupted(evidence);
  return decideUploadFailure(evidence);
}

function decideEnvelope(evidence: EnvelopeEvidence): EnvelopeDecision {
  const status = judgeEnvelope(evidence.status);
  if (!status.final) return { kind: 'ask-again', status };
  const documents = new Map<string, DocumentDecision>();
  for (const document of evidence.documents) documents.set(document.id, decideDocument(status, document, evidence.lookups?.get(document.id)));
  return { kind: 'processed', status, wholeEnvelopeRejected: rejectsWholeEnvelope(status), documents };
}

/**
 * One document of a processed envelope: the envelope's answer first (its own line, a whole-envelope
 * rejection, its type's counts); when that cannot tell, or when it is a refusal as a repeat or a
 * rejection with no reason given (the real getEstUp has no line per document, and a repeat of a
 * document the SII holds counts as rejected), QueryEstDte decides.
 */
function decideDocument(status: JudgedEnvelopeStatus, document: DocumentFacts, lookup: DocumentStatus | undefined): DocumentDecision {
  if (isVerdict(document.state)) return { kind: 'already-decided' };
  if (!awaitsVerdict(document.state)) return { kind: 'not-waiting' };
  const outcome = outcomeFromEnvelope(status, document);
  if (outcome.kind === 'ask') {
    return lookup === undefined ? { kind: 'look-up' } : fromOutcome(outcomeFromDocumentStatus(lookup, status.counts.find((count) => count.type === document.type)));
  }
  if (outcome.kind !== 'verdict') return fromOutcome(outcome);
  const repeat = repeatOf(outcome);
  if (repeat === undefined) return fromOutcome(outcome);
  if (lookup === undefined) return { kind: 'look-up' };
  return repeatedDocument(outcome, repeat, lookup);
}

/** Why a rejection must be checked with QueryEstDte first: its repeat codes, or counts that give no reason; undefined for any other outcome. */
function repeatOf(outcome: Extract<DocumentOutcome, { kind: 'verdict' }>): string | undefined {
  if (outcome.verdict !== 'rejected') return undefined;
  const codes = outcome.codes.filter((code) => REPEAT_CODES.has(code.code)).map((code) => code.code);
  if (codes.length > 0) return codes.join(', ');
  return outcome.source === 'counts' && outcome.codes.length === 0 ? 'rejection by the counts alone' : undefined;
}

/**
 * A document refused as already received, or rejected by the counts alone, is not rejected when the
 * SII holds it as this very document (QueryEstDte DOK or a recorded state: its data match): it was
 * accepted under an earlier envelope, and this one changes nothing. Otherwise the refusal stands.
 */
function repeatedDocument(refusal: Extract<DocumentOutcome, { kind: 'verdict' }>, repeat: string, lookup: DocumentStatus): VerdictDecision {
  if (presenceAtSii(lookup) !== 'recorded') {
    return { ...verdictOf(refusal), note: `${repeat}, and QueryEstDte answers ${lookup.state} (${lookup.meaning})`, repeat };
  }
  return {
    kind: 'verdict', verdict: 'accepted', siiState: lookup.state, source: 'QueryEstDte', codes: [{ code: lookup.state, message: lookup.meaning }], repeat,
    note: `the SII already holds this document (QueryEstDte ${lookup.state}); this envelope's ${repeat} is about the repeat and changes nothing`,
  };
}

function fromOutcome(outcome: DocumentOutcome): DocumentDecision {
  if (outcome.kind === 'ask') return { kind: 'look-up' };
  if (outcome.kind === 'unclear') return { kind: 'for-a-person', siiState: outcome.siiState, message: outcome.message };
  return verdictOf(outcome);
}

function verdictOf(outcome: Extract<DocumentOutcome, { kind: 'verdict' }>): VerdictDecision {
  return {
    kind: 'verdict', verdict: outcome.verdict, siiState: outcome.siiState, codes: outcome.codes, source: outcome.source,
    ...(outcome.note === undefined ? {} : { note: outcome.note }),
  };
}

/**
 * Interrupted uploads. The SII remembers a file from when it first got it: within the repeat window
 * of the envelope's making (just before its first upload; not its last attempt, which each retry
 * would move on) the same file goes again, and the SII answers it with its first track id or
 * processes it if it never got it. After the window (or with the envelope gone or split), each
 * document is looked up: recorded is accepted, not recorded is sent anew, anything else is a
 * person's to look at.
 */
function decideInterrupted(evidence: InterruptedEvidence): InterruptedDecision {
  const { envelope } = evidence;
  const window = Math.min(evidence.repeatWindowMs, SII_REPEAT_MEMORY_MS);
  if (envelope !== undefined && envelope.complete && evidence.now.getTime() - envelope.createdAt.getTime() < window) return { kind: 'may-have-it' };
  const documents = new Map<string, DocumentDecision>();
  for (const document of evidence.documents) {
    const lookup = evidence.lookups?.get(document.id);
    documents.set(document.id, lookup === undefined ? { kind: 'look-up' } : interruptedDocument(lookup));
  }
  return { kind: 'looked-up', documents };
}

function interruptedDocument(lookup: DocumentStatus): DocumentDecision {
  const presence = presenceAtSii(lookup);
  if (presence === 'recorded') {
    return {
      kind: 'verdict', verdict: 'accepted', siiState: lookup.state, codes: [{ code: lookup.state, message: lookup.meaning }], source: 'QueryEstDte',
      note: 'found at the SII after an interrupted or unanswered upload',
    };
  }
  if (presence === 'not_recorded') return { kind: 'send-again', siiState: lookup.state };
  return {
    kind: 'for-a-person', siiState: lookup.state,
    message: `The upload of this document was interrupted and the SII answers ${lookup.state} (${lookup.meaning}) about it: `
      + 'check at the SII whether this folio is used before sending it again (POST /v1/documents/:id/retry).',
  };
}

/**
 * Whether the SII may already have a file whose upload failed. An answer of the SII (SII_REJECTED:
 * the sender, the schema, the signature) settles it: the SII saw the file and said no. Otherwise the
 * file may be there when an attempt may have delivered it, when the deadline cut the upload short,
 * or when an earlier attempt already left the envelope unconfirmed or uploading: a later attempt
 * that never reached the SII (an open circuit, a refused connection) or failed here (a certificate,
 * a missing file) says nothing of what the SII has.
 */
function decideUploadFailure(evidence: UploadFailureEvidence): UploadFailureDecision {
  if (evidence.errorCode === 'SII_REJECTED' && !evidence.retryable) return { kind: 'failed', retryable: false };
  const uncertain = evidence.envelopeState === 'unconfirmed' || evidence.envelopeState === 'uploading';
  const sent = evidence.errorCode !== 'SII_REJECTED' && (evidence.mayHaveDelivered || evidence.timedOut);
  return sent || uncertain ? { kind: 'may-have-it' } : { kind: 'failed', retryable: evidence.retryable };
}
