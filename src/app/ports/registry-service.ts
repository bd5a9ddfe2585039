/**
 * The registry's driving port (Ley 19.983): what the front ends (HTTP, the CLI, the agent's tools,
 * Slack, and the received documents' use case) ask of the receiver's answers. Our own documents' events
 * as the registry poll stored them, asked anew on demand; the company's answer to a supplier's document
 * recorded at the SII; any document's registry facts. Errors are DteErrors: FORBIDDEN, NOT_FOUND,
 * VALIDATION_FAILED naming the field, SII_UNAVAILABLE, and a refusal of the SII as CONFLICT (the
 * document's state forbids it) or SII_REJECTED, with the codResp in `details`.
 */
import type { Actor } from './services.ts';
import type { RegistryAction, RegistryCode } from './registry-gateway.ts';
import type { ReceiverStatus, RegistryEventRecord } from './registry-records.ts';
import type { DocumentRecord } from './records.ts';

/** One registry event as the API shows it. */
export interface RegistryEventView {
  /** codEvento (ACD, ERM, RCD, RFP, RFT, or one the SII records itself). */
  code: string;
  description: string;
  responsibleRut: string;
  /** ISO 8601. */
  at: string;
}

/** What the receiver did with one of our documents, and until when they may. */
export interface DocumentEventsView {
  documentId: string;
  companyRut: string;
  type: number;
  folio: number;
  /** null when the document is not followed (not accepted by the SII yet, or a type the registry does not serve). */
  receiverStatus: ReceiverStatus | null;
  /** The SII's reception, ISO 8601; null when not followed. */
  receivedAt: string | null;
  /** The end of the eight days, ISO 8601; null when not followed. */
  deadline: string | null;
  /** When the registry was last asked; null before the first question. */
  lastPolledAt: string | null;
  events: RegistryEventView[];
}

/** A document as the registry names it, from a front end (any spelling of the RUT the core reads). */
export interface RegistryDocumentQuery {
  rutEmisor: string;
  tipoDoc: number;
  folio: number;
  /** The company that asks (the token's only company when absent). */
  companyRut?: string;
}

/** The receiver's action on a supplier's document. */
export interface RegistryActionCommand extends RegistryDocumentQuery {
  /** ACD, ERM, RCD, RFP or RFT (anything else is VALIDATION_FAILED naming `action`). */
  action: string;
  /** Why, for a claim: kept in the audit log (the SII takes no text). */
  reason?: string;
  idempotencyKey?: string;
}

/** What the SII recorded. */
export interface RegistryActionOutcome {
  companyRut: string;
  rutEmisor: string;
  tipoDoc: number;
  folio: number;
  action: RegistryAction;
  /** codResp 0, or 7 for a retry of a call whose answer was lost (the event is on the SII either way). */
  answer: RegistryCode;
  /** True when an earlier request with the same Idempotency-Key gave this answer. */
  replayed: boolean;
}

/** Any document's registry facts: its events, whether it may be ceded, when the SII received it. */
export interface RegistryLookup {
  companyRut: string;
  rutEmisor: string;
  tipoDoc: number;
  folio: number;
  events: RegistryEventView[];
  /** The answer of listarEventosHistDoc. */
  eventsAnswer: RegistryCode | null;
  cedible: { kind: 'cedible' | 'not_cedible' | 'pending' | 'refused'; basis?: string; answer: RegistryCode };
  /** ISO 8601, or null when the SII gives no date. */
  receivedAt: string | null;
}

/** The registry's use cases. */
export interface RegistryService {
  /** The stored events of one of our documents, with its receiver status and deadline. */
  events(actor: Actor, documentId: string): Promise<DocumentEventsView>;
  /** Asks the SII now (one registry call), stores what is new and tells of a claim; then as `events`. */
  refresh(actor: Actor, documentId: string): Promise<DocumentEventsView>;
  /** Records the company's action on a supplier's document at the SII (admin or receiver). */
  act(actor: Actor, command: RegistryActionCommand): Promise<RegistryActionOutcome>;
  /** Asks the SII about any document the company issued or received. */
  lookup(actor: Actor, query: RegistryDocumentQuery): Promise<RegistryLookup>;
}

/** Told once per claim the registry poll finds on one of our documents (at least once after a crash). */
export interface ClaimListener {
  documentClaimed(document: DocumentRecord, claim: RegistryEventRecord): Promise<void>;
}
