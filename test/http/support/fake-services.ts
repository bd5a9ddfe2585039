/**
 * Fakes of the application services that keep documents in memory and record every call, so tests
 * check what the HTTP layer asked for. They check nothing about the actor: the HTTP layer must.
 */
import { randomUUID } from 'node:crypto';
import type {
  Actor,
  CafView,
  CheckOutcome,
  CertificateView,
  CompanyService,
  DocumentFilter,
  DocumentPage,
  DocumentService,
  DocumentView,
  EnvelopeView,
  FoliosLeft,
  IssueCommand,
  IssueOutcome,
  PrintOptions,
} from '../../../src/app/ports/index.ts';
import { DteError } from '../../../src/core/errors.ts';
import type { Problem } from '../../../src/core/result.ts';

/** One recorded call. */
export interface Call {
  method: string;
  actor: Actor;
  arguments: unknown[];
}

/** A document view with sensible values, for `overrides` to change. */
export function documentView(overrides: Partial<DocumentView> = {}): DocumentView {
  return {
    id: randomUUID(),
    companyRut: '76192083-9',
    type: 33,
    folio: 1,
    state: 'queued',
    trackId: null,
    codes: [],
    totals: { MntNeto: 100, IVA: 19, MntTotal: 119 },
    callbackUrl: null,
    odoo: null,
    history: [{ from: null, to: 'signed', at: '2026-01-15T15:00:00.000Z' }, { from: 'signed', to: 'queued', at: '2026-01-15T15:00:00.000Z' }],
    createdAt: '2026-01-15T15:00:00.000Z',
    updatedAt: '2026-01-15T15:00:00.000Z',
    ...overrides,
  };
}

/** A DocumentService in memory. */
export class FakeDocumentService implements DocumentService {
  readonly calls: Call[] = [];
  readonly documents = new Map<string, DocumentView>();
  readonly xmls = new Map<string, Buffer>();
  /** Problems the next issue answers with, as a failed validation. */
  problems: Problem[] | undefined;
  /** An error every call throws from now on. */
  failure: unknown;
  private readonly keys = new Map<string, { body: string; id: string }>();
  private nextFolio = 1;

  /** Stores a document (and its XML) as if issued earlier. */
  add(document: DocumentView, xml = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE/>\n', 'latin1')): DocumentView {
    this.documents.set(document.id, document);
    this.xmls.set(document.id, xml);
    return document;
  }

  async issue(actor: Actor, command: IssueCommand): Promise<IssueOutcome> {
    this.record('issue', actor, command);
    if (this.problems !== undefined) return { ok: false, problems: this.problems };
    const body = JSON.stringify(command.request);
    const earlier = command.idempotencyKey === undefined ? undefined : this.keys.get(command.idempotencyKey);
    if (earlier !== undefined) {
      if (earlier.body !== body) throw new DteError('CONFLICT', `Idempotency key "${command.idempotencyKey}" was used with another body.`);
      return { ok: true, document: this.documents.get(earlier.id) as DocumentView, replayed: true };
    }
    const request = command.request as { Encabezado?: { Emisor?: { RUTEmisor?: string }; IdDoc?: { TipoDTE?: number } } };
    const document = this.add(documentView({
      companyRut: request.Encabezado?.Emisor?.RUTEmisor ?? '76192083-9',
      type: request.Encabezado?.IdDoc?.TipoDTE ?? 33,
      folio: this.nextFolio++,
      state: 'signed',
      callbackUrl: command.callbackUrl ?? null,
      odoo: command.odoo ?? null,
    }));
    if (command.idempotencyKey !== undefined) this.keys.set(command.idempotencyKey, { body, id: document.id });
    return { ok: true, document, replayed: false };
  }

  async get(actor: Actor, id: string): Promise<DocumentView> {
    this.record('get', actor, id);
    return this.find(id);
  }

  async xml(actor: Actor, id: string): Promise<Buffer> {
    this.record('xml', actor, id);
    this.find(id);
    return this.xmls.get(id) as Buffer;
  }

  async list(actor: Actor, filter: DocumentFilter): Promise<DocumentPage> {
    this.record('list', actor, filter);
    const items = [...this.documents.values()].filter((document) => document.companyRut === filter.companyRut);
    return { items: items.slice(0, filter.limit ?? 50), nextCursor: items.length > (filter.limit ?? 50) ? 'next-page' : null };
  }

  async retry(actor: Actor, id: string): Promise<DocumentView> {
    this.record('retry', actor, id);
    const document = { ...this.find(id), state: 'queued' as const };
    this.documents.set(id, document);
    return document;
  }

  async check(actor: Actor, request: unknown): Promise<CheckOutcome> {
    this.record('check', actor, request);
    if (this.problems !== undefined) return { ok: false, problems: this.problems };
    throw new DteError('INTERNAL', 'The fake does not compute totals: give it problems to answer with.');
  }

  /** Answers with a stand-in PDF that names the document and the options asked for. */
  async pdf(actor: Actor, id: string, options: PrintOptions): Promise<Buffer> {
    this.record('pdf', actor, id, options);
    const document = this.find(id);
    return Buffer.from(`%PDF-1.3 fake ${document.type} ${document.folio} ${options.copy} ${options.format}\n%%EOF\n`, 'latin1');
  }

  async envelopes(actor: Actor, id: string): Promise<EnvelopeView[]> {
    this.record('envelopes', actor, id);
    const document = this.find(id);
    return [{
      id: `envelope-of-${document.id}`, state: 'processed', trackId: document.trackId, attempts: 1, documentIds: [document.id],
      detail: { state: 'EPR' }, createdAt: document.createdAt, updatedAt: document.updatedAt,
    }];
  }

  /** The calls of one method. */
  callsOf(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  private record(method: string, actor: Actor, ...parameters: unknown[]): void {
    this.calls.push({ method, actor, arguments: parameters });
    if (this.failure !== undefined) throw this.failure;
  }

  private find(id: string): DocumentView {
    const document = this.documents.get(id);
    if (document === undefined) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
    return document;
  }
}

/** A CompanyService in memory. */
export class FakeCompanyService implements CompanyService {
  readonly calls: Call[] = [];
  /** An error every call throws from now on. */
  failure: unknown;

  async addCaf(actor: Actor, companyRut: string, cafXml: Buffer): Promise<CafView> {
    this.record('addCaf', actor, companyRut, cafXml);
    return { type: 33, from: 1, to: 100, authorizedOn: '2026-01-15' };
  }

  async folios(actor: Actor, companyRut: string): Promise<FoliosLeft[]> {
    this.record('folios', actor, companyRut);
    return [{ type: 33, left: 99, cafs: 1 }];
  }

  async setCertificate(actor: Actor, companyRut: string, pkcs12: Buffer, password: string): Promise<CertificateView> {
    this.record('setCertificate', actor, companyRut, pkcs12, password);
    return { subject: 'CN=Demo', signerRut: '76192083-9', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z' };
  }

  private record(method: string, actor: Actor, ...parameters: unknown[]): void {
    this.calls.push({ method, actor, arguments: parameters });
    if (this.failure !== undefined) throw this.failure;
  }
}
