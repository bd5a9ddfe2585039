/**
 * The store's ports: what the application layer may ask of the database. Adapters (createStore on
 * PGlite or PostgreSQL) and test fakes implement them. Every read or write of a company's data takes
 * the company's RUT, so an id alone never reaches another company's rows; the few system-wide calls
 * (startup recovery, the list of companies) say so.
 */
import type { DocumentState } from '../../core/document-states.ts';
import type {
  AllocatedFolio, AuditEntry, AuditRecord, CafSecrets, CafSummary, CertificateSecrets, CertificateSummary, Company, ConversationRecord,
  DocumentRecordFilter, DocumentRecord, EnvelopeRecord, FrontEnd, FrontEndUser, FrontEndUserRecord, FoliosLeft, HistoryEntry, IdempotencyClaim, JsonObject,
  NewConversation,
  NewCertificate, NewDocument, NewEnvelope, Page, PendingDocument, TransitionOptions,
} from './records.ts';
import type { RegistryRecords } from './registry-records.ts';
import type { ReceivedRepository } from './received.ts';
import type { CompanyMailRepository } from './mail.ts';

/** Issuing companies: what the Emisor and the Caratula say about them. */
export interface CompanyRepository {
  /** Creates or updates a company by RUT. */
  save(company: Company): Promise<Company>;
  get(rut: string): Promise<Company | undefined>;
  /** Every company (system-wide: startup and administration). */
  list(): Promise<Company[]>;
}

/** Signing certificates, sealed at rest; one active per company. */
export interface CertificateRepository {
  /** Stores a certificate with its secrets sealed, and makes it the company's active one. */
  add(companyRut: string, certificate: NewCertificate): Promise<CertificateSummary>;
  /** The active certificate with its secrets opened; a wrong master key is an INTERNAL DteError. */
  active(companyRut: string): Promise<CertificateSecrets | undefined>;
  list(companyRut: string): Promise<CertificateSummary[]>;
}

/** CAFs, sealed at rest (they hold the key that signs timbres), with their public metadata in clear. */
export interface CafRepository {
  /**
   * Stores a CAF file (sealed whole, metadata in clear). It must be the company's (RE), carry its
   * private key and not overlap another CAF of the type: else CAF_INVALID or CONFLICT. The same range
   * loaded twice returns the stored one. The caller checks FRMA against the trusted SII keys first.
   */
  add(companyRut: string, xml: Uint8Array): Promise<CafSummary>;
  /** The CAF file, decrypted, to sign timbres with; CAFs never change, so callers may cache it by id. */
  get(companyRut: string, id: string): Promise<CafSecrets | undefined>;
  list(companyRut: string): Promise<CafSummary[]>;
}

/** Folio counters per company and type. */
export interface FolioRepository {
  /**
   * Hands out the next folio of a type, gap-free. Only inside `Store.transaction`, together with the
   * insert of the document that uses it: a rollback returns the folio. When a CAF runs out the next one
   * (by D) is used; when none is left, a CAF_EXHAUSTED DteError.
   */
  allocate(companyRut: string, type: number): Promise<AllocatedFolio>;
  /** What remains per type (the folios-left metric). */
  left(companyRut: string): Promise<FoliosLeft[]>;
}

/** Documents, their signed XML and the history of their states. */
export interface DocumentRepository {
  /** Stores a signed document in state `signed` with its first history entry; a used folio is a CONFLICT. */
  insertSigned(companyRut: string, document: NewDocument): Promise<DocumentRecord>;
  get(companyRut: string, id: string): Promise<DocumentRecord | undefined>;
  /**
   * System-wide: which company a document belongs to, so that a caller of another company is told
   * FORBIDDEN rather than NOT_FOUND (the service authorises before it reads anything else).
   */
  companyOf(id: string): Promise<string | undefined>;
  findByFolio(companyRut: string, type: number, folio: number): Promise<DocumentRecord | undefined>;
  /** The signed DTE exactly as signed (ISO-8859-1 bytes). */
  getXml(companyRut: string, id: string): Promise<Buffer | undefined>;
  /** Newest first, filtered by state, type and folio. */
  list(companyRut: string, filter?: DocumentRecordFilter): Promise<Page<DocumentRecord>>;
  /**
   * Changes a document's state and records it in its history, atomically. An illegal change (see
   * DOCUMENT_TRANSITIONS) is a CONFLICT; an unknown id for this company is NOT_FOUND.
   */
  transition(companyRut: string, id: string, to: DocumentState, options?: TransitionOptions): Promise<DocumentRecord>;
  history(companyRut: string, id: string): Promise<HistoryEntry[]>;
  /**
   * The company's documents signed, queued or failed that are in no envelope with a track id, oldest
   * first: what its submit job sends.
   */
  pendingSubmission(companyRut: string, limit?: number): Promise<PendingDocument[]>;
  /** System-wide, for startup recovery and the sweep: the companies that have such documents. */
  companiesWithPending(): Promise<string[]>;
}

/** EnvioDTE envelopes: the record of each upload and its track id. */
export interface EnvelopeRepository {
  /** Stores an envelope (state `built`) of documents that must all be the company's, else NOT_FOUND. */
  create(companyRut: string, envelope: NewEnvelope): Promise<EnvelopeRecord>;
  get(companyRut: string, id: string): Promise<EnvelopeRecord | undefined>;
  getXml(companyRut: string, id: string): Promise<Buffer | undefined>;
  /** Marks an upload as started (`built` or `failed` → `uploading`) and counts the attempt; call it before uploading. */
  startAttempt(companyRut: string, id: string): Promise<EnvelopeRecord>;
  /** Records the SII's track id (→ `uploaded`) and moves every document to `submitted`, atomically. */
  recordTrackId(companyRut: string, id: string, trackId: string, detail?: JsonObject): Promise<EnvelopeRecord>;
  /** Records a failed upload (→ `failed`); the documents keep their state. */
  recordFailure(companyRut: string, id: string, detail: JsonObject): Promise<EnvelopeRecord>;
  /** Records an upload whose outcome is unknown (`uploading` → `unconfirmed`); the documents keep their state. */
  recordUnconfirmed(companyRut: string, id: string, detail: JsonObject): Promise<EnvelopeRecord>;
  /**
   * Closes an interrupted or unconfirmed envelope once its documents were settled otherwise (found at
   * the SII, or sent in another envelope): → `processed` with the detail saying how.
   */
  recordSettled(companyRut: string, id: string, detail: JsonObject): Promise<EnvelopeRecord>;
  /** The company's envelopes that carry a document, oldest first. */
  ofDocument(companyRut: string, documentId: string): Promise<EnvelopeRecord[]>;
  /** Records that the SII's verdict on the envelope was read (→ `processed`). */
  markProcessed(companyRut: string, id: string, detail?: JsonObject): Promise<EnvelopeRecord>;
  /** System-wide, for startup recovery: envelopes `uploaded` and waiting for their verdict, oldest first. */
  awaitingVerdict(limit?: number): Promise<EnvelopeRecord[]>;
}

/** Idempotency-Key records of `POST /v1/documents`, per company. */
export interface IdempotencyRepository {
  /**
   * Claims an Idempotency-Key inside the transaction that issues the document. A new key: `new`, then
   * call `complete`. The same key with the same request hash: `replay` with the first document's id
   * (a concurrent twin waits for the first to commit). Another hash: CONFLICT.
   */
  claim(companyRut: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  /** Links a claimed key to the document issued for it. */
  complete(companyRut: string, key: string, documentId: string): Promise<void>;
  /** Forgets keys created before a moment; returns how many. */
  prune(before: Date): Promise<number>;
}

/** The audit log: who did what, to which record, when and from where. */
export interface AuditRepository {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; `before` is the id of the last entry of the previous page. */
  list(companyRut: string, options?: { limit?: number; before?: number }): Promise<AuditRecord[]>;
}

/** Settings every instance shares (public values only: never a secret). */
export interface SettingRepository {
  get(key: string): Promise<string | undefined>;
  /** Creates or replaces a setting; either way it counts as written now. */
  put(key: string, value: string): Promise<void>;
  /** Forgets the settings whose key starts with `prefix` that were last written before a moment; returns how many. */
  prune(prefix: string, before: Date): Promise<number>;
}

/** Front-end users mapped to roles and companies (system-wide: one workspace spans companies). */
export interface FrontEndUserRepository {
  /** Creates or replaces a mapping. */
  save(user: FrontEndUser): Promise<FrontEndUserRecord>;
  get(frontEnd: FrontEnd, workspace: string, userId: string): Promise<FrontEndUserRecord | undefined>;
  /** Whether there was a mapping to remove. */
  remove(frontEnd: FrontEnd, workspace: string, userId: string): Promise<boolean>;
  list(frontEnd: FrontEnd): Promise<FrontEndUserRecord[]>;
}

/** Conversations with the agent, so a follow-up continues after a restart and on another instance. */
export interface ConversationRepository {
  /** System-wide by id: the conversation service checks the caller's subject and companies before using it. */
  get(id: string): Promise<ConversationRecord | undefined>;
  /** Creates or replaces a conversation's turns (the caller trims them to its budget); one saved with a thread key takes it from the subject's others. */
  save(conversation: NewConversation): Promise<ConversationRecord>;
  /** The subject's conversation of a front end's thread, the last one written when there were several. */
  findByThread(subject: string, threadKey: string): Promise<ConversationRecord | undefined>;
  /** Lets go the threads of conversations not written since `idleSince`; returns how many. */
  forgetThreads(idleSince: Date): Promise<number>;
}

/** An answer the Slack bot gave, kept so that its rating can be read with what was asked. */
export interface SlackAnswer {
  id: string;
  /** The thread it belongs to (`slack:<channel>:<thread_ts>`). */
  conversationId: string;
  /** The asker's subject (`slack:T…:U…`). */
  askedBy: string;
  /** The asker's companies when it was asked: only an admin of all of them sees the answer again. */
  companies?: readonly string[];
  question: string;
  answer: string;
  promptVersion?: string;
  citations?: unknown[];
  actions?: unknown[];
  /** The tools the agent called for it, with their arguments. */
  toolCalls?: unknown[];
}

/** A stored answer with its rating, if any. */
export interface SlackAnswerRecord extends SlackAnswer {
  rating: 'up' | 'down' | null;
  ratedBy: string | null;
  ratedAt: Date | null;
  createdAt: Date;
}

/** The Slack channel a company's alerts go to, as its admin set it. */
export interface SlackAlertChannel {
  companyRut: string;
  /** A Slack channel id (C… or G…). */
  channel: string;
  /** The admin's subject, for the audit trail. */
  setBy: string;
}

/** A stored alert channel. */
export interface SlackAlertChannelRecord extends SlackAlertChannel {
  updatedAt: Date;
}

/** What the Slack bot stores: events taken (across instances), rated answers and each company's alert channel. */
export interface SlackRepository {
  /** True the first time an event id is claimed by any instance; false for every repeat. */
  claimEvent(eventId: string): Promise<boolean>;
  /** Forgets event ids received before a moment; returns how many. */
  pruneEvents(before: Date): Promise<number>;
  saveAnswer(answer: SlackAnswer): Promise<void>;
  /** Records (or replaces) the rating; false when there is no such answer. */
  rateAnswer(id: string, rating: 'up' | 'down', ratedBy: string): Promise<boolean>;
  getAnswer(id: string): Promise<SlackAnswerRecord | undefined>;
  /**
   * Answers rated `rating`, newest rating first, given for companies that are all among `within`
   * (an answer kept without companies is never listed).
   */
  ratedAnswers(rating: 'up' | 'down', within: readonly string[], limit: number): Promise<SlackAnswerRecord[]>;
  /** The company's own alert channel, if one was set. */
  alertChannel(companyRut: string): Promise<SlackAlertChannelRecord | undefined>;
  /** Sets or replaces a registered company's alert channel (a company not registered is a database error). */
  saveAlertChannel(channel: SlackAlertChannel): Promise<SlackAlertChannelRecord>;
  /** Whether the company had a channel to remove. */
  removeAlertChannel(companyRut: string): Promise<boolean>;
}

/** Everything the application layer stores. */
export interface Store {
  companies: CompanyRepository;
  certificates: CertificateRepository;
  cafs: CafRepository;
  folios: FolioRepository;
  documents: DocumentRepository;
  envelopes: EnvelopeRepository;
  idempotency: IdempotencyRepository;
  audit: AuditRepository;
  settings: SettingRepository;
  frontEndUsers: FrontEndUserRepository;
  conversations: ConversationRepository;
  slack: SlackRepository;
  /** The receiver's answers to our documents (Ley 19.983). */
  registry: RegistryRecords;
  /** Documents we receive from suppliers, their files and our answers. */
  received: ReceivedRepository;
  /** Each company's mailbox and SMTP settings for intercambio. */
  companyMail: CompanyMailRepository;
  /**
   * Runs `work` in one transaction with a store bound to it: committed when it resolves, rolled back
   * when it throws. Issuing is claim key, allocate folio, sign, insert, complete key, audit: all or none.
   */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding the lock named `key` across every instance on this database (a
   * PostgreSQL advisory lock; within the process on PGlite), so that work such as first-start setup
   * is done by one instance while the others wait and then find it done. `work` uses the store as
   * usual; the lock is not a transaction.
   */
  exclusively<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Throws when the database cannot answer (for /readyz). */
  ping(): Promise<void>;
}
