/** The driving port of documents we receive: what HTTP, the CLI and the agent's tools call. */
import type { Actor } from './services.ts';
import type { CompanyMailSettings, IncomingMail } from './mail.ts';
import type {
  ReceivedAnswerRecord, ReceivedDecision, ReceivedDocumentFilter, ReceivedDocumentRecord, ReceivedEnvelopeRecord,
} from './received.ts';
import type { RegistryClaim } from './registry-gateway.ts';

/** What a person decides (POST /v1/received/{id}/decision). */
export interface DecisionCommand {
  result: ReceivedDecision['result'];
  /** Why; required to reject or to accept with discrepancies. */
  reason?: string;
  /** The claim to record when rejecting: RCD (content, the default), RFP (goods partly missing), RFT (all missing). */
  claim?: RegistryClaim;
  /** The acuse de recibo: where the goods or services were received, and who signs (the certificate's holder by default). */
  receipt?: { recinto: string; rutFirma?: string };
}

/** A received document as shown: the record, its envelope's state and the answers made for it. */
export interface ReceivedDocumentView extends ReceivedDocumentRecord {
  envelope: Pick<ReceivedEnvelopeRecord, 'id' | 'codEnvio' | 'fileName' | 'source' | 'status' | 'receivedAt' | 'RutEmisor'>;
  answers: Array<Omit<ReceivedAnswerRecord, 'companyRut' | 'envelopeId'>>;
}

/** An envelope as intake returns it, with its documents. */
export interface ReceivedEnvelopeView extends ReceivedEnvelopeRecord {
  /** True when the same file was taken before and nothing was done now. */
  repeated: boolean;
  documents: ReceivedDocumentRecord[];
}

/** A company's mail settings as shown: each password replaced by whether one is kept. */
export interface PublicMailSettings {
  address: string;
  mailbox?: Omit<NonNullable<CompanyMailSettings['mailbox']>, 'password'> & { password: 'set' };
  smtp?: Omit<NonNullable<CompanyMailSettings['smtp']>, 'password'> & { password: 'set' | 'none' };
}

export interface ReceivedService {
  /** Takes an EnvioDTE posted over HTTP for one of the actor's companies. */
  receive(actor: Actor, companyRut: string, bytes: Uint8Array, fileName: string): Promise<ReceivedEnvelopeView>;
  /** The handler of a company's mailbox (an IncomingMailHandler): each EnvioDTE it carried, and evidence of what was refused. */
  mailHandler(companyRut: string): (mail: IncomingMail) => Promise<void>;
  list(actor: Actor, companyRut: string, filter?: ReceivedDocumentFilter): Promise<{ items: ReceivedDocumentRecord[]; nextCursor?: string }>;
  get(actor: Actor, id: string): Promise<ReceivedDocumentView>;
  /** The DTE as received, byte for byte. */
  xml(actor: Actor, id: string): Promise<Buffer>;
  /** The supplier's document printed by our printer (the tax copy on letter paper). */
  pdf(actor: Actor, id: string): Promise<Buffer>;
  decide(actor: Actor, id: string, command: DecisionCommand): Promise<{ document: ReceivedDocumentView; replayed: boolean }>;
  /** Sets a company's intercambio mail (admins); the answer and `mailSettings` never carry the passwords. */
  configureMail(actor: Actor, companyRut: string, settings: CompanyMailSettings): Promise<PublicMailSettings>;
  mailSettings(actor: Actor, companyRut: string): Promise<PublicMailSettings | undefined>;
  /** Mails the answers waiting in the outbox; returns how many were sent. */
  deliverAnswers(): Promise<number>;
}
