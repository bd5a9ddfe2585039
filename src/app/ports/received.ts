/**
 * The store's port for documents we receive (DESIGN.md, "Documents we receive"): the files suppliers
 * sent, kept as evidence with what the receiver checks found, the DTEs they carried with the person's
 * decision on each, and the answers we signed, which wait in an outbox until mailed.
 */
import type { JsonObject, Page } from './records.ts';

/** Where a file came from. */
export type ReceivedSource = 'mail' | 'http';

/** What becomes of a received DTE: refused at reception, then received until a person decides. */
export type ReceivedState = 'received' | 'refused' | 'accepted' | 'accepted_with_discrepancies' | 'rejected';

/** An answer's kind: RespuestaDTE with RecepcionEnvio or ResultadoDTE, or EnvioRecibos. */
export type ReceivedAnswerKind = 'RecepcionEnvio' | 'ResultadoDTE' | 'EnvioRecibos';

/** An answer's delivery: waiting, mailed, given up, or without any address to mail it to. */
export type ReceivedAnswerState = 'queued' | 'sent' | 'failed' | 'unaddressed';

/** A state with its glosa and our own sentence, as the checks wrote it. */
export interface ReceivedStatus {
  code: number;
  glosa: string;
  detail: string;
}

/** One DTE of a file, as checked. */
export interface NewReceivedDocument {
  position: number;
  /** `RUTEmisor/TipoDTE/Folio`, when readable. */
  key?: string;
  TipoDTE?: number;
  Folio?: number;
  FchEmis?: string;
  RUTEmisor?: string;
  RznSoc?: string;
  RUTRecep?: string;
  MntTotal?: string;
  status: ReceivedStatus;
  checks: unknown[];
  xml: Uint8Array;
  /** Until when the receiver may accept or claim it (Ley 19.983: eight days); undefined when refused. */
  deadline?: Date;
}

/** A file as taken, with its documents. */
export interface NewReceivedEnvelope {
  fileSha256: string;
  fileName: string;
  fileSize: number;
  /** The bytes as received; left out (undefined) when the file was too large to keep. */
  original?: Uint8Array;
  source: ReceivedSource;
  /** Where the mail came from (MailMeta without secrets), for mail intake. */
  mail?: JsonObject;
  /** The envelope signature's DigestValue, when readable: repeats are judged by it. */
  digest?: string;
  SetDTEID?: string;
  RutEmisor?: string;
  status: ReceivedStatus;
  checks: unknown[];
  receivedAt: Date;
  documents: NewReceivedDocument[];
}

/** A stored file, without its bytes. */
export interface ReceivedEnvelopeRecord extends Omit<NewReceivedEnvelope, 'original' | 'documents'> {
  id: string;
  companyRut: string;
  /** Our number for the envelope (CodEnvio). */
  codEnvio: number;
  /** Whether the original bytes were kept. */
  kept: boolean;
}

/** The person's decision on a document, as recorded. */
export interface ReceivedDecision {
  result: 'accepted' | 'accepted_with_discrepancies' | 'rejected';
  reason?: string;
  receipt?: { recinto: string; rutFirma?: string };
  decidedBy: string;
  /** The registry actions recorded at the SII, and their answers. */
  registry: JsonObject[];
}

/** A stored document, without its XML. */
export interface ReceivedDocumentRecord extends Omit<NewReceivedDocument, 'xml' | 'deadline'> {
  id: string;
  companyRut: string;
  envelopeId: string;
  state: ReceivedState;
  deadline: Date | undefined;
  decision: ReceivedDecision | undefined;
  decidedAt: Date | undefined;
  createdAt: Date;
}

/** An answer to store: signed, waiting to be mailed. */
export interface NewReceivedAnswer {
  envelopeId: string;
  documentId?: string;
  kind: ReceivedAnswerKind;
  /** IdRespuesta, from nextAnswerNumber (EnvioRecibos has none). */
  idRespuesta?: number;
  xml: Uint8Array;
  fileName: string;
  /** One plain address; undefined stores the answer as `unaddressed`. */
  recipient?: string;
  inReplyTo?: string;
}

/** A stored answer, without its XML. */
export interface ReceivedAnswerRecord extends Omit<NewReceivedAnswer, 'xml'> {
  id: string;
  companyRut: string;
  state: ReceivedAnswerState;
  attempts: number;
  lastError?: string;
  messageId?: string;
  createdAt: Date;
  sentAt?: Date;
}

/** Filters of the document list. */
export interface ReceivedDocumentFilter {
  state?: ReceivedState;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** What the record knows of earlier receptions, by the keys a check gave. */
export interface KnownReceptionKeys {
  envelopeDigests: Set<string>;
  documentKeys: Set<string>;
}

/** Documents we receive, their files and our answers. */
export interface ReceivedRepository {
  /** The file of this company with this SHA-256, if it was taken before (intake is idempotent by it). */
  findByFile(companyRut: string, fileSha256: string): Promise<ReceivedEnvelopeRecord | undefined>;
  /** Which of these digests and document keys the company received before (accepted or not). */
  known(companyRut: string, digests: readonly string[], documentKeys: readonly string[]): Promise<KnownReceptionKeys>;
  /** Stores a file and its documents; the same file twice is a CONFLICT (call findByFile first, in the transaction). */
  insertEnvelope(companyRut: string, envelope: NewReceivedEnvelope): Promise<ReceivedEnvelopeRecord>;
  getEnvelope(companyRut: string, id: string): Promise<ReceivedEnvelopeRecord | undefined>;
  /** The file's bytes exactly as received, when kept. */
  getOriginal(companyRut: string, envelopeId: string): Promise<Buffer | undefined>;
  getDocument(companyRut: string, id: string): Promise<ReceivedDocumentRecord | undefined>;
  /** The DTE as taken out of its envelope, byte for byte. */
  getDocumentXml(companyRut: string, id: string): Promise<Buffer | undefined>;
  /** System-wide: the company a received document belongs to (FORBIDDEN rather than NOT_FOUND). */
  companyOfDocument(id: string): Promise<string | undefined>;
  documentsOf(companyRut: string, envelopeId: string): Promise<ReceivedDocumentRecord[]>;
  /** Newest first. */
  listDocuments(companyRut: string, filter?: ReceivedDocumentFilter): Promise<Page<ReceivedDocumentRecord>>;
  /** Records the decision and the state it leads to; a document already decided is a CONFLICT. */
  decide(companyRut: string, id: string, decision: ReceivedDecision): Promise<ReceivedDocumentRecord>;
  /** Sets the claim deadline (from the SII's reception date, once the registry tells it). */
  setDeadline(companyRut: string, id: string, deadline: Date): Promise<void>;
  /** The next IdRespuesta (1 to 9,999,999,999; never handed out twice). */
  nextAnswerNumber(): Promise<number>;
  /** Stores a signed answer; a second RecepcionEnvio of an envelope, or a second answer of a kind for a document, is a CONFLICT. */
  addAnswer(companyRut: string, answer: NewReceivedAnswer): Promise<ReceivedAnswerRecord>;
  answersOf(companyRut: string, envelopeId: string): Promise<ReceivedAnswerRecord[]>;
  getAnswerXml(companyRut: string, id: string): Promise<Buffer | undefined>;
  /** System-wide, oldest first: answers waiting to be mailed, for the sender. */
  queuedAnswers(limit?: number): Promise<ReceivedAnswerRecord[]>;
  /** Records a mailed answer (→ `sent`). */
  markAnswerSent(companyRut: string, id: string, messageId: string): Promise<void>;
  /** Records a failed attempt; `final` gives up (→ `failed`), else it stays queued. */
  markAnswerFailed(companyRut: string, id: string, error: string, final: boolean): Promise<void>;
}
