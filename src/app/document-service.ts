import { createHash, randomUUID } from 'node:crypto';
import { DteError } from '../core/errors.ts';
import { parseRut } from '../core/rut.ts';
import { computeTotals } from '../core/compute-totals.ts';
import { validateRequest } from '../core/validate-request.ts';
import type { DocumentRecord, Store } from './ports/index.ts';
import { authorize, authorizeRole } from './authorize.ts';
import { documentView, envelopeView } from './document-views.ts';
import { IssueBatcher } from './issue-batcher.ts';
import { withReferenceDates } from './reference-dates.ts';
import type {
  Actor, CheckOutcome, DocumentFilter, DocumentPage, DocumentPrinter, DocumentService, DocumentView, IssueCommand, IssueOutcome, SubmissionDispatcher,
} from './ports/index.ts';
import type { SignerCache } from './signer-cache.ts';

/** What issuing observes, for metrics. */
export interface IssueObserver {
  issued(type: number, signingMilliseconds: number): void;
  /** A document could not be issued: the company's CAFs of its type are used up. */
  cafExhausted?(companyRut: string, type: number): void;
}

export interface DocumentServiceDependencies {
  store: Store;
  signers: SignerCache;
  dispatcher: SubmissionDispatcher;
  clock: () => Date;
  observer?: IssueObserver;
  /** Renders the printed representation; without it, asking for a PDF is an INTERNAL error. */
  printer?: DocumentPrinter;
}

/**
 * Issuing: validate, then atomically claim the idempotency key, audit, allocate the folio, sign and
 * store the document; only after the commit is the queue told. A failure anywhere rolls the folio back
 * with everything else of that document, so folios are never skipped and a document is never
 * half-written. Concurrent issues of one company and type share a transaction (IssueBatcher).
 */
export function createDocumentService(dependencies: DocumentServiceDependencies): DocumentService {
  const { store, signers, dispatcher, clock } = dependencies;
  /** Companies known to exist; companies are never deleted, so a positive answer can be kept. */
  const registered = new Set<string>();
  const batcher = new IssueBatcher(store);

  /** Finds a document and authorises the actor on its company before anything of it is read. */
  async function load(actor: Actor, id: string, permission: 'read' | 'issue'): Promise<DocumentRecord> {
    const companyRut = await store.documents.companyOf(id);
    if (companyRut === undefined) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
    authorizeRole(actor, permission);
    // Not the owner's RUT: the caller named a document, and which company holds it is not theirs to learn.
    if (!actor.companies.includes(companyRut)) throw new DteError('FORBIDDEN', `This token is not bound to the company of document ${id}.`);
    const record = await store.documents.get(companyRut, id);
    if (!record) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
    return record;
  }

  async function view(record: DocumentRecord): Promise<DocumentView> {
    return documentView(record, await store.documents.history(record.companyRut, record.id));
  }

  return {
    async check(actor: Actor, input: unknown): Promise<CheckOutcome> {
      const emisor = emisorOf(input);
      if (emisor) authorize(actor, 'read', emisor);
      const validated = validateRequest(input);
      if (!validated.ok) return { ok: false, problems: validated.problems };
      authorize(actor, 'read', validated.value.Encabezado.Emisor.RUTEmisor);
      return { ok: true, request: validated.value, totals: computeTotals(validated.value).Totales };
    },
    async issue(actor: Actor, command: IssueCommand): Promise<IssueOutcome> {
      authorizeRole(actor, 'issue');
      const validated = validateRequest(command.request);
      const emisor = emisorOf(command.request);
      if (emisor) authorize(actor, 'issue', emisor);
      if (!validated.ok) return { ok: false, problems: validated.problems };
      const request = validated.value;
      if (request.Encabezado.IdDoc.Folio !== undefined) {
        // Ignoring it would issue under another folio than the caller believes; say so instead.
        return { ok: false, problems: [{ pointer: '/Encabezado/IdDoc/Folio', message: "Folio is assigned by the service from the company's CAFs: leave it out." }] };
      }
      const companyRut = validated.value.Encabezado.Emisor.RUTEmisor;
      authorize(actor, 'issue', companyRut);
      if (!registered.has(companyRut)) {
        if (!(await store.companies.get(companyRut))) throw new DteError('NOT_FOUND', `Company ${companyRut} is not registered in this service.`);
        registered.add(companyRut);
      }
      const referenced = await withReferenceDates(store, companyRut, request);
      if (!referenced.ok) return { ok: false, problems: referenced.problems };
      const requestHash = hashOf(command);
      // Each issue runs in a savepoint of a transaction shared with the concurrent issues of its company
      // and type (IssueBatcher). Only what must hold the folio lock follows the allocation: signing and
      // the insert, which also links the idempotency key; a failure rolls back this document's part.
      const type = request.Encabezado.IdDoc.TipoDTE;
      const outcome = await batcher.run(`${companyRut}/${type}`, async (transaction) => {
        if (command.idempotencyKey !== undefined) {
          const claim = await transaction.idempotency.claim(companyRut, command.idempotencyKey, requestHash);
          if (claim.kind === 'replay') return { replayed: true as const, id: claim.documentId };
        }
        const id = randomUUID();
        await transaction.audit.record({
          actor: actor.subject, action: 'document.issue', target: id, companyRut,
          ...(actor.ip === undefined ? {} : { ip: actor.ip }),
          ...(actor.userAgent === undefined ? {} : { userAgent: actor.userAgent }),
          detail: { type: request.Encabezado.IdDoc.TipoDTE },
        });
        const allocated = await transaction.folios.allocate(companyRut, request.Encabezado.IdDoc.TipoDTE);
        const issuer = await signers.issuer(transaction, companyRut, allocated.cafId);
        const started = performance.now();
        const result = issuer.issueValidated(referenced.value, { folio: allocated.folio, signedAt: clock() });
        if (!result.ok) throw new DteError('VALIDATION_FAILED', 'The document cannot be issued.', { details: result.problems });
        dependencies.observer?.issued(result.value.TipoDTE, performance.now() - started);
        const record = await transaction.documents.insertSigned(companyRut, {
          id,
          issued: result.value,
          cafId: allocated.cafId,
          ...(command.callbackUrl === undefined ? {} : { callbackUrl: command.callbackUrl }),
          ...(command.odoo === undefined ? {} : { odooReference: { ...command.odoo } }),
          ...(command.idempotencyKey === undefined ? {} : { idempotencyKey: command.idempotencyKey }),
          detail: { message: `issued by ${actor.subject}` },
        });
        return { replayed: false as const, id: record.id, record };
      }).catch((error: unknown) => {
        if (error instanceof DteError && error.code === 'VALIDATION_FAILED' && error.problems.length > 0) return { problems: error.problems };
        if (error instanceof DteError && error.code === 'CAF_EXHAUSTED') dependencies.observer?.cafExhausted?.(companyRut, type);
        throw error;
      });
      if ('problems' in outcome) return { ok: false, problems: outcome.problems };
      const record = outcome.replayed ? await store.documents.get(companyRut, outcome.id) : outcome.record;
      if (!record) throw new DteError('INTERNAL', `Document ${outcome.id} was stored but cannot be read back.`);
      if (!outcome.replayed) dispatcher.documentsReady(companyRut);
      return { ok: true, document: await view(record), replayed: outcome.replayed };
    },

    async get(actor, id) {
      return view(await load(actor, id, 'read'));
    },

    async xml(actor, id) {
      const record = await load(actor, id, 'read');
      const xml = await store.documents.getXml(record.companyRut, id);
      if (!xml) throw new DteError('INTERNAL', `Document ${id} has no stored XML.`);
      return xml;
    },

    async list(actor, filter: DocumentFilter): Promise<DocumentPage> {
      authorize(actor, 'read', filter.companyRut);
      const page = await store.documents.list(filter.companyRut, {
        ...(filter.state === undefined ? {} : { state: filter.state }),
        ...(filter.type === undefined ? {} : { type: filter.type }),
        ...(filter.folio === undefined ? {} : { folio: filter.folio }),
        ...(filter.trackId === undefined ? {} : { trackId: filter.trackId }),
        ...(filter.receiverRut === undefined ? {} : { receiverRut: parseRut(filter.receiverRut)?.canonical ?? filter.receiverRut }),
        ...(filter.odoo === undefined ? {} : { odoo: filter.odoo }),
        ...(filter.limit === undefined ? {} : { limit: filter.limit }),
        ...(filter.cursor === undefined ? {} : { after: filter.cursor }),
      });
      const items = await Promise.all(page.items.map(view));
      return { items, nextCursor: page.next ?? null };
    },

    async retry(actor, id) {
      const record = await load(actor, id, 'issue');
      if (record.state !== 'failed' && record.state !== 'rejected') {
        throw new DteError('CONFLICT', `Document ${id} is ${record.state}; only failed or rejected documents can be sent again.`);
      }
      const updated = await store.documents.transition(record.companyRut, id, 'queued', { detail: { message: `retry requested by ${actor.subject}` } });
      await store.audit.record({ actor: actor.subject, action: 'document.retry', target: id, companyRut: record.companyRut });
      dispatcher.documentsReady(record.companyRut);
      return view(updated);
    },

    async pdf(actor, id, options) {
      const record = await load(actor, id, 'read');
      if (!dependencies.printer) throw new DteError('INTERNAL', 'This service was built without a PDF printer.');
      const xml = await store.documents.getXml(record.companyRut, id);
      if (!xml) throw new DteError('INTERNAL', `Document ${id} has no stored XML.`);
      const company = await store.companies.get(record.companyRut);
      const resolution = company ? { number: company.resolutionNumber, date: company.resolutionDate } : undefined;
      return dependencies.printer.render(xml, { ...options, ...(resolution ? { resolution } : {}) });
    },

    async envelopes(actor, id) {
      const record = await load(actor, id, 'read');
      return (await store.envelopes.ofDocument(record.companyRut, record.id)).map(envelopeView);
    },
  };
}

/** The issuer named by a request, when it can be read, so authorisation precedes validation details. */
function emisorOf(request: unknown): string | undefined {
  const rut = (request as { Encabezado?: { Emisor?: { RUTEmisor?: unknown } } } | null)?.Encabezado?.Emisor?.RUTEmisor;
  return typeof rut === 'string' ? parseRut(rut)?.canonical : undefined;
}

/** The idempotency fingerprint: the whole command but the key, with object keys sorted. */
function hashOf(command: IssueCommand): string {
  const { idempotencyKey: _key, ...rest } = command;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([left], [right]) => left.localeCompare(right));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
