import { DteError } from '../core/errors.ts';
import { checkRetryable } from '../core/document-states.ts';
import { parseRut } from '../core/rut.ts';
import { computeTotals } from '../core/compute-totals.ts';
import { validateRequest } from '../core/validate-request.ts';
import type { DocumentRecord, DocumentRecordFilter, Store } from './ports/index.ts';
import { authorize } from './authorize.ts';
import { documentView, envelopeView } from './document-views.ts';
import { IssueBatcher } from './issue-batcher.ts';
import { emisorOf, issueDocument, type IssueContext, type IssueObserver } from './issue-documents.ts';
import type {
  Actor, CheckOutcome, DocumentFilter, DocumentPage, DocumentPrinter, DocumentService, DocumentView, SubmissionDispatcher,
} from './ports/index.ts';
import type { SignerCache } from './signer-cache.ts';

export type { IssueObserver } from './issue-documents.ts';

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
 * The documents of the front ends: the dry-run check, issuing (issue-documents.ts), reading, listing,
 * a retry, the PDF and the envelopes. Every call authorises the actor on the document's company
 * before anything of it is read.
 */
export function createDocumentService(dependencies: DocumentServiceDependencies): DocumentService {
  const { store, dispatcher } = dependencies;
  const issuing: IssueContext = { ...dependencies, batcher: new IssueBatcher(store), registered: new Set<string>() };

  const load = (actor: Actor, id: string, permission: 'read' | 'issue') => loadDocument(store, actor, id, permission);
  const view = async (record: DocumentRecord): Promise<DocumentView> => documentView(record, await store.documents.history(record.companyRut, record.id));
  const storedXml = async (record: DocumentRecord): Promise<Buffer> => {
    const xml = await store.documents.getXml(record.companyRut, record.id);
    if (!xml) throw new DteError('INTERNAL', `Document ${record.id} has no stored XML.`);
    return xml;
  };

  return {
    check: async (actor, input) => checkRequest(actor, input),
    async issue(actor, command) {
      const issued = await issueDocument(issuing, actor, command);
      return issued.ok ? { ok: true, document: await view(issued.record), replayed: issued.replayed } : issued;
    },
    async get(actor, id) {
      const record = await load(actor, id, 'read');
      const window = await store.registry.window(record.companyRut, record.id);
      return { ...await view(record), receiverStatus: window?.status ?? null, deadline: window?.deadline.toISOString() ?? null };
    },
    xml: async (actor, id) => storedXml(await load(actor, id, 'read')),
    async list(actor, filter: DocumentFilter): Promise<DocumentPage> {
      authorize(actor, 'read', filter.companyRut);
      const page = await store.documents.list(filter.companyRut, listQuery(filter));
      return { items: await Promise.all(page.items.map(view)), nextCursor: page.next ?? null };
    },
    async retry(actor, id) {
      const record = await load(actor, id, 'issue');
      checkRetryable(id, record.state);
      const updated = await store.documents.transition(record.companyRut, id, 'queued', { detail: { message: `retry requested by ${actor.subject}` } });
      await store.audit.record({ actor: actor.subject, action: 'document.retry', target: id, companyRut: record.companyRut });
      dispatcher.documentsReady(record.companyRut);
      return view(updated);
    },
    async pdf(actor, id, options) {
      const record = await load(actor, id, 'read');
      if (!dependencies.printer) throw new DteError('INTERNAL', 'This service was built without a PDF printer.');
      const xml = await storedXml(record);
      const company = await store.companies.get(record.companyRut);
      const resolution = company ? { number: company.resolutionNumber, date: company.resolutionDate } : undefined;
      return dependencies.printer.render(xml, { ...options, ...(resolution ? { resolution } : {}) });
    },
    envelopes: async (actor, id) => {
      const record = await load(actor, id, 'read');
      return (await store.envelopes.ofDocument(record.companyRut, record.id)).map(envelopeView);
    },
  };
}

/** Finds a document and authorises the actor on its company before anything of it is read. */
async function loadDocument(store: DocumentServiceDependencies['store'], actor: Actor, id: string, permission: 'read' | 'issue'): Promise<DocumentRecord> {
  const companyRut = await store.documents.companyOf(id);
  if (companyRut === undefined) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
  // Not the owner's RUT: the caller named a document, and which company holds it is not theirs to learn.
  authorize(actor, permission, companyRut, { company: `the company of document ${id}` });
  const record = await store.documents.get(companyRut, id);
  if (!record) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
  return record;
}

/** The dry run: the request validated and totalled, for an actor who may read its company. */
function checkRequest(actor: Actor, input: unknown): CheckOutcome {
  // Before validation, so a caller of another company learns nothing of the request's problems. A
  // valid request's RUTEmisor is this same canonical RUT, so this one decision covers it.
  authorize(actor, 'read', emisorOf(input));
  const validated = validateRequest(input);
  if (!validated.ok) return { ok: false, problems: validated.problems };
  return { ok: true, request: validated.value, totals: computeTotals(validated.value).Totales };
}

/** The store's query of a list filter: only what it gives, the receiver's RUT canonical. */
function listQuery(filter: DocumentFilter): DocumentRecordFilter {
  return {
    ...(filter.state === undefined ? {} : { state: filter.state }),
    ...(filter.type === undefined ? {} : { type: filter.type }),
    ...(filter.folio === undefined ? {} : { folio: filter.folio }),
    ...(filter.trackId === undefined ? {} : { trackId: filter.trackId }),
    ...(filter.receiverRut === undefined ? {} : { receiverRut: parseRut(filter.receiverRut)?.canonical ?? filter.receiverRut }),
    ...(filter.odoo === undefined ? {} : { odoo: filter.odoo }),
    ...(filter.limit === undefined ? {} : { limit: filter.limit }),
    ...(filter.cursor === undefined ? {} : { after: filter.cursor }),
  };
}
