/**
 * The application's services as the adapters see them: the HTTP API, the CLI, Slack and the agent's
 * tools call these, never the store or the SII directly. Every call names the actor, whose role and
 * companies decide what it may read and change.
 */
import type { Problem } from '../core/result.ts';

/** Roles of a caller. `agent` reads like a viewer; what it may change needs a person's approval. */
export type Role = 'admin' | 'issuer' | 'viewer' | 'agent';

/** Who is calling, from the verified token, and from where (for the audit log). */
export interface Actor {
  /** The token's subject. */
  subject: string;
  role: Role;
  /** Company RUTs the token is bound to; the actor can never read or write another company's data. */
  companies: readonly string[];
  ip?: string;
  userAgent?: string;
}

/** Product states of a document (DESIGN.md, "Document states in this project"). */
export type DocumentState = 'signed' | 'queued' | 'submitted' | 'accepted' | 'accepted_with_repairs' | 'rejected' | 'failed';

/** One of the SII's codes for a document, with its meaning and, when the SII gave one, the offending values. */
export interface SiiCode {
  code: string;
  message: string;
  detail?: string;
}

export interface StateChange {
  from: DocumentState | null;
  to: DocumentState;
  at: string;
  detail?: string;
}

/** A document as the API shows it. */
export interface DocumentView {
  id: string;
  companyRut: string;
  type: number;
  folio: number;
  state: DocumentState;
  trackId: string | null;
  codes: SiiCode[];
  totals: { MntNeto?: number; MntExe?: number; IVA?: number; MntTotal: number };
  callbackUrl: string | null;
  odoo: OdooReference | null;
  history: StateChange[];
  createdAt: string;
  updatedAt: string;
}

/** Which Odoo record a document belongs to, so its state can be written back. */
export interface OdooReference {
  model: string;
  id: number;
}

export interface IssueCommand {
  request: unknown;
  idempotencyKey?: string;
  callbackUrl?: string;
  odoo?: OdooReference;
}

/** What issuing answers: the document, and whether an earlier request with the same key made it. */
export type IssueOutcome = { ok: true; document: DocumentView; replayed: boolean } | { ok: false; problems: Problem[] };

export interface DocumentFilter {
  companyRut: string;
  type?: number;
  folio?: number;
  state?: DocumentState;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit?: number;
}

export interface DocumentPage {
  items: DocumentView[];
  nextCursor: string | null;
}

/**
 * Issuing and following documents. Errors are DteErrors: NOT_FOUND, FORBIDDEN (a role that may not, or
 * another company's document or RUT), CONFLICT (idempotency key reused with another body), CAF_EXHAUSTED.
 */
export interface DocumentService {
  issue(actor: Actor, command: IssueCommand): Promise<IssueOutcome>;
  get(actor: Actor, id: string): Promise<DocumentView>;
  xml(actor: Actor, id: string): Promise<Buffer>;
  list(actor: Actor, filter: DocumentFilter): Promise<DocumentPage>;
  /** Queues a failed or rejected-for-transport document again; refuses final verdicts. */
  retry(actor: Actor, id: string): Promise<DocumentView>;
  /**
   * The document's printed representation as a PDF, with the company's resolution under the timbre.
   * VALIDATION_FAILED (pointer `copy`) when the type has no cedible copy.
   */
  pdf(actor: Actor, id: string, options: PrintOptions): Promise<Buffer>;
}

/** Which copy is printed: the tax copy, or the cedible one with the acuse de recibo of Ley 19.983. */
export type PrintCopy = 'original' | 'cedible';

/** Letter paper, or an 80 mm roll (papel continuo, as point-of-sale printers use). */
export type PrintFormat = 'letter' | 'roll';

/** What a caller chooses about a printed document. */
export interface PrintOptions {
  copy: PrintCopy;
  format: PrintFormat;
}

/** What a printed document needs beyond its XML and the caller's choices. */
export interface PrintSettings extends PrintOptions {
  /** The SII resolution that authorises the company to issue DTEs (NroResol, FchResol YYYY-MM-DD). */
  resolution?: { number: number; date: string };
  /** The SII regional office or unit of the issuer's casa matriz, e.g. "SANTIAGO CENTRO". */
  siiOffice?: string;
  /** The company's logo, PNG or JPEG bytes. */
  logo?: Uint8Array;
}

/** Renders the printed representation of DTEs (implemented by src/pdf). */
export interface DocumentPrinter {
  /**
   * Renders every DTE of an XML file (a DTE, or an EnvioDTE) as one PDF. XML_INVALID when the file
   * holds no printable DTE; VALIDATION_FAILED (pointer `copy`) for a cedible copy of a type without one.
   */
  render(xml: Uint8Array, settings: PrintSettings): Promise<Buffer>;
}

export interface FoliosLeft {
  type: number;
  left: number;
  /** How many CAFs still hold folios of the type. */
  cafs: number;
}

export interface CafSummary {
  type: number;
  from: number;
  to: number;
  authorizedOn: string;
}

export interface CertificateSummary {
  subject: string;
  signerRut: string | null;
  validFrom: string;
  validTo: string;
}

/** A company's CAFs and certificate. */
export interface CompanyService {
  addCaf(actor: Actor, companyRut: string, cafXml: Buffer): Promise<CafSummary>;
  folios(actor: Actor, companyRut: string): Promise<FoliosLeft[]>;
  setCertificate(actor: Actor, companyRut: string, pkcs12: Buffer, password: string): Promise<CertificateSummary>;
}

/** What /readyz asks of each dependency. */
export interface HealthCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}
