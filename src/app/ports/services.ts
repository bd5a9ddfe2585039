/**
 * The application's services as the adapters see them: the HTTP API, the CLI, Slack and the agent's
 * tools call these, never the store or the SII directly. Every call names the actor, whose role and
 * companies decide what it may read and change.
 */
import type { DocumentRequest, Totales } from '../../core/document-request.ts';
import type { Problem } from '../../core/result.ts';
import type { CatalogTable } from './code-catalog.ts';
import type { PrintOptions } from './printer.ts';
import type { DocumentState } from '../../core/document-states.ts';
import type { FoliosLeft, FrontEnd, FrontEndUser, FrontEndUserRecord, OdooReference } from './records.ts';
import type { AlertChannelView, CafView, CertificateView, DocumentView, EnvelopeView, RatedAnswer } from './views.ts';

import type { Permission, Role } from './roles.ts';

export { MAXIMUM_ACTOR_COMPANIES, PERMISSION_ACTIONS, PERMISSIONS, ROLES, type Permission, type Role } from './roles.ts';

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

/**
 * The service's one access decision (src/app/authorize.ts), handed to a front end that checks a
 * route's permission before it reads the request: FORBIDDEN for a role without the permission, or a
 * company the actor is not bound to.
 */
export type Authorize = (actor: Actor, permission: Permission, companyRut?: string) => void;




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
  /** The SII track id of the upload that carried it. */
  trackId?: string;
  /** The receiver's RUT (any spelling the core reads). */
  receiverRut?: string;
  /** The Odoo record it was issued for. */
  odoo?: OdooReference;
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
   * A dry run of issuing: validation and totals of a draft request, with no folio, no signature and
   * nothing stored. The actor must be bound to the Emisor's company (any role may check).
   */
  check(actor: Actor, request: unknown): Promise<CheckOutcome>;
  /**
   * The document's printed representation as a PDF, with the company's resolution under the timbre.
   * VALIDATION_FAILED (pointer `copy`) when the type has no cedible copy.
   */
  pdf(actor: Actor, id: string, options: PrintOptions): Promise<Buffer>;
  /** Every EnvioDTE that carried the document, oldest first: what was sent, under which track id, and how each ended. */
  envelopes(actor: Actor, id: string): Promise<EnvelopeView[]>;
}


/** What a dry run answers: the request as the core reads it with its computed totals, or every problem. */
export type CheckOutcome = { ok: true; request: DocumentRequest; totals: Totales } | { ok: false; problems: Problem[] };

/** What the project knows of one SII code: the catalog's meaning and, where written, cause and fix. */
export interface CodeExplanation {
  code: string;
  /** False when the catalog does not have the code: nothing else is said about it. */
  known: boolean;
  /** The catalog table it is in (`revision_detail_codes` for DTE-/CRT-/REF-/… codes). */
  table?: CatalogTable | 'revision_detail_codes';
  /** The SII's wording. */
  meaning?: string;
  /** Where the meaning comes from. */
  source?: string;
  /** The likely cause and the usual fix, with their sources, where the project's guidance has them. */
  guidance?: CodeAdvice;
}

/** Where a fact comes from: an SII manual and section, a resolution, a law and article, an official page. */
export interface Citation {
  title: string;
  section?: string;
  /** A manual's file name (as kept in the team's shared SII folder). */
  file?: string;
  url?: string;
}

/** The likely cause and usual fix of a code, in Spanish (and English where written), with sources. */
export interface CodeAdvice {
  cause: string;
  fix: string;
  causeEn?: string;
  fixEn?: string;
  sources: Citation[];
  /** Where sources disagree or a fact is uncertain. */
  note?: string;
}

/**
 * Turns a front end's user (a Slack user of a workspace) into the Actor the services authorise, from
 * mappings an administrator keeps. An unmapped user is no actor at all: the front end tells them who
 * to ask, and shows nothing.
 */
export interface ActorDirectory {
  actorOf(frontEnd: FrontEnd, workspace: string, userId: string): Promise<Actor | undefined>;
  /** Maps a user to a role and companies; the caller must be an admin of every company named. Audited. */
  map(admin: Actor, user: Omit<FrontEndUser, 'createdBy'>): Promise<FrontEndUserRecord>;
  /** Removes a mapping the caller administers; false when there was none. Audited. */
  unmap(admin: Actor, frontEnd: FrontEnd, workspace: string, userId: string): Promise<boolean>;
  /** The mappings whose companies are all the caller's. */
  list(admin: Actor, frontEnd: FrontEnd): Promise<FrontEndUserRecord[]>;
}


/**
 * Where a company's rejection and repair alerts go in Slack: a channel of its own, set by an admin of
 * the company, else the default channel (SLACK_ALERT_CHANNEL). Changes are audited. Errors are
 * DteErrors: VALIDATION_FAILED naming `rut` or `/channel`, FORBIDDEN (not an admin of the company),
 * NOT_FOUND (a company not registered).
 */
export interface AlertChannelService {
  get(admin: Actor, companyRut: string): Promise<AlertChannelView>;
  set(admin: Actor, companyRut: string, channel: string): Promise<AlertChannelView>;
  /** Removes the company's own channel; false when it had none. */
  remove(admin: Actor, companyRut: string): Promise<boolean>;
  /**
   * System-wide, for the alert job: the channel of a company's alerts (its own, else the default), or
   * null when there is neither. Only ever the company's own channel or the default: never another's.
   */
  destination(companyRut: string): Promise<string | null>;
}


/** The answers people rated, for the evals' `--from-feedback` (admins, their companies' answers only). */
export interface FeedbackService {
  rated(admin: Actor, rating: 'up' | 'down', limit?: number): Promise<RatedAnswer[]>;
  /**
   * Rates an answer as `actor`: its asker, or someone bound to every company it was given for.
   * False when there is no such answer; FORBIDDEN for anyone else.
   */
  rate(actor: Actor, answerId: string, rating: 'up' | 'down'): Promise<boolean>;
}

/** Explains SII codes from the project's catalog and guidance; never invents a meaning. */
export interface ExplanationService {
  /** One explanation per code, in the order given (a code in several tables: its first entry). */
  explain(codes: readonly string[]): CodeExplanation[];
  /** The SII codes a text names, as people write them ("REF 3 750", "estado rct"), written as the catalog writes them, in order. */
  codesIn(text: string): string[];
}



/** A company's CAFs and certificate. */
export interface CompanyService {
  addCaf(actor: Actor, companyRut: string, cafXml: Buffer): Promise<CafView>;
  folios(actor: Actor, companyRut: string): Promise<FoliosLeft[]>;
  setCertificate(actor: Actor, companyRut: string, pkcs12: Buffer, password: string): Promise<CertificateView>;
}

/** What /readyz asks of each dependency. */
export interface HealthCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}
