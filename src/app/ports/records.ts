/**
 * What the store keeps and returns. Secrets (PKCS#12, its password, a CAF's private key) appear only
 * in the few types that carry them to the signer; summaries never hold them.
 */
import type { IssuedDocument } from '../../core/issue-document.ts';
import type { SiiEnvironment } from '../../core/sii-environment.ts';
import type { DocumentState } from '../../core/document-states.ts';
import type { Role } from './roles.ts';
import type { EnvelopeState, OdooReference, SiiCode } from './views.ts';

/** Free-form JSON kept beside a record: history details, SII codes, an Odoo reference. */
export type JsonObject = Record<string, unknown>;


/** An issuing company, with what the Emisor and the Caratula need. */
export interface Company {
  /** Canonical RUT, `76192083-9`. */
  rut: string;
  name: string;
  giro: string;
  acteco: number[];
  address: string;
  commune: string;
  /** NroResol and FchResol (YYYY-MM-DD) of the Caratula (CRT-3-19 when wrong). */
  resolutionNumber: number;
  resolutionDate: string;
  siiEnvironment: SiiEnvironment;
}

/** A signing certificate without its secrets. */
export interface CertificateSummary {
  id: string;
  companyRut: string;
  subject: string;
  /** RutEnvia of the Caratula. */
  signerRut: string | null;
  validFrom: Date;
  validTo: Date;
  active: boolean;
  createdAt: Date;
}

/** A certificate to store; the caller has opened it (loadCertificate) to check password and metadata. */
export interface NewCertificate {
  pkcs12: Uint8Array;
  password: string;
  subject: string;
  signerRut: string | null;
  validFrom: Date;
  validTo: Date;
}

/** The active certificate with its secrets, for the signer only. */
export interface CertificateSecrets {
  summary: CertificateSummary;
  pkcs12: Buffer;
  password: string;
}

/** A CAF without its private key: the SII's public metadata. */
export interface CafSummary {
  id: string;
  companyRut: string;
  /** TD, D, H, FA and IDK of the CAF. */
  type: number;
  firstFolio: number;
  lastFolio: number;
  authorizedOn: string;
  keyId: number;
  createdAt: Date;
}

/** A CAF file as received, decrypted, for the signer only. */
export interface CafSecrets {
  summary: CafSummary;
  xml: Buffer;
}

/** A folio handed out inside a transaction, with the CAF that authorises it. */
export interface AllocatedFolio {
  folio: number;
  cafId: string;
}

export type { EnvelopeState, FoliosLeft, OdooReference, SiiCode } from './views.ts';

/**
 * Why a document is `failed`: whether the queue will retry it on its own, and the envelope whose
 * upload failed (retried byte for byte).
 */
export interface FailureRecord {
  retryable: boolean;
  envelopeId?: string;
  errorCode: string;
  at: string;
}

/** What the SII said of a document (or why it could not be asked), kept with it. */
export interface DocumentSiiRecord {
  codes: SiiCode[];
  /** The SII's own state of the verdict (EPR, DOK, …) and the answer it came from. */
  state?: string;
  source?: string;
  trackId?: string;
  /** Present on a `failed` document. */
  failure?: FailureRecord;
}

/** The front ends whose users the service maps to actors (the HTTP API's come from tokens). */
export type FrontEnd = 'slack';

/** A person as a front end knows them (a Slack user of a workspace), and what they act as. */
export interface FrontEndUser {
  frontEnd: FrontEnd;
  /** The Slack workspace (team id). */
  workspace: string;
  /** The Slack user id. */
  userId: string;
  role: Role;
  /** Canonical company RUTs. */
  companies: readonly string[];
  /** Who mapped them (an admin's subject), for the audit trail. */
  createdBy: string;
}

/** A stored mapping. */
export interface FrontEndUserRecord extends FrontEndUser {
  updatedAt: Date;
}

/** A signed document to store in state `signed`. */
export interface NewDocument {
  /** A UUID chosen by the caller, or one is made. */
  id?: string;
  issued: Pick<IssuedDocument, 'xml' | 'TipoDTE' | 'Folio' | 'FchEmis' | 'RUTRecep' | 'Totales' | 'request'>;
  /** The CAF the folio came from (folios.allocate). */
  cafId?: string;
  callbackUrl?: string;
  odooReference?: OdooReference;
  /** Kept in the first history entry, e.g. who issued it. */
  detail?: JsonObject;
  /** An Idempotency-Key claimed in the same transaction: completed by the same statement. */
  idempotencyKey?: string;
}

/** A stored document without its XML. */
export interface DocumentRecord {
  id: string;
  companyRut: string;
  type: number;
  folio: number;
  cafId: string | null;
  state: DocumentState;
  issueDate: string;
  receiverRut: string;
  totalAmount: number;
  request: IssuedDocument['request'];
  trackId: string | null;
  siiCodes: DocumentSiiRecord | null;
  callbackUrl: string | null;
  odooReference: OdooReference | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One change of state; the first entry has `from` null. */
export interface HistoryEntry {
  from: DocumentState | null;
  to: DocumentState;
  at: Date;
  detail: JsonObject | null;
}

/** What goes with a state change. */
export interface TransitionOptions {
  detail?: JsonObject;
  /** The SII track id (on `submitted`). */
  trackId?: string;
  /** The SII's verdict codes (on a final state), or the failure (on `failed`). */
  siiCodes?: DocumentSiiRecord;
}

/** Filters and paging of document lists, newest first. */
export interface DocumentRecordFilter {
  state?: DocumentState;
  type?: number;
  folio?: number;
  /** The SII track id of the upload that carried it. */
  trackId?: string;
  /** The receiver's canonical RUT. */
  receiverRut?: string;
  /** The Odoo record it was issued for. */
  odoo?: OdooReference;
  /** 50 when absent, at most 500. */
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

/** One page of a list; `next` is absent on the last page. */
export interface Page<Item> {
  items: Item[];
  next?: string;
}

/** A document that startup recovery must submit again. */
export interface PendingDocument extends DocumentRecord {
  /**
   * True when the document is in an envelope whose upload started and never ended (a worker died
   * mid-upload): the SII may have it, so ask it (QueryEstDte) before sending it again.
   */
  uploadInterrupted: boolean;
  /** The envelope of that upload (`uploading` or `unconfirmed`), when the upload was interrupted. */
  interruptedEnvelopeId?: string;
}

/**
 * `built` → `uploading` → `uploaded` (track id) → `processed` (verdict); `failed` (the SII cannot have
 * it) may be retried; `unconfirmed` (the upload may have reached the SII, no usable answer came back)
 * is settled with the SII before its documents go anywhere else.
 */

/** An EnvioDTE and its documents, without its XML. */
export interface EnvelopeRecord {
  id: string;
  companyRut: string;
  state: EnvelopeState;
  trackId: string | null;
  attempts: number;
  detail: JsonObject | null;
  documentIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** An envelope to store: its signed XML and the documents it carries. */
export interface NewEnvelope {
  id?: string;
  xml: Uint8Array;
  documentIds: readonly string[];
}

/** The answer to an idempotency claim. */
export type IdempotencyClaim = { kind: 'new' } | { kind: 'replay'; documentId: string };

/** One audit entry: who (the token's subject), what, which, from where. */
export interface AuditEntry {
  actor: string;
  action: string;
  target?: string;
  companyRut?: string;
  ip?: string;
  userAgent?: string;
  /** Never a secret or a document's content. */
  detail?: JsonObject;
}

/** A stored audit entry. */
export interface AuditRecord extends Required<Pick<AuditEntry, 'actor' | 'action'>> {
  id: number;
  at: Date;
  target: string | null;
  companyRut: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: JsonObject | null;
}

/** One turn of a conversation with the agent: what was asked or answered, as plain text. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  text: string;
  /** ISO 8601 time of the turn. */
  at: string;
  /** The document the turn was about, when one was named. */
  documentId?: string;
}

/** A conversation to store: whose it is (the token's subject and companies) and its turns, oldest first. */
export interface NewConversation {
  id: string;
  subject: string;
  /** The companies of the actor who started it; a follow-up must come from an actor bound to all of them. */
  companyRuts: readonly string[];
  turns: readonly ConversationTurn[];
  /** The front end's thread it belongs to (`slack:<channel>:<ts>`), when it was asked in one. */
  threadKey?: string;
}

/** A stored conversation. */
export interface ConversationRecord {
  id: string;
  subject: string;
  companyRuts: string[];
  turns: ConversationTurn[];
  threadKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}
