/**
 * The documents API: issue, read, list, download the XML, retry. Every route checks that the
 * document's company is one of the token's; the service is asked with the caller as actor and checks
 * again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ISSUED_TYPES } from '../../core/document-kinds/index.ts';
import type { DocumentFilter, DocumentService, DocumentView, OdooReference } from '../../app/ports/index.ts';
import { DOCUMENT_STATES, type DocumentState } from '../../core/document-states.ts';
import { callbackUrlProblem, type CallbackPolicy } from '../../core/callback-url.ts';
import { validationError } from '../../core/errors.ts';
import { parseRut } from '../../core/rut.ts';
import { actorOf } from '../auth/access-guard.ts';
import { companyToList, requireCompany } from '../auth/company-access.ts';
import { JSON_TYPE } from '../content-types.ts';
import { ISSUE_EXTRAS_SCHEMA } from '../openapi/issue-request-schema.ts';
import { answer, documentPath, documentResource, PROBLEM_RESPONSES } from '../openapi/schemas.ts';
import { bindRequestLog } from '../request-log.ts';

/** The largest folio the SII's schema allows (FolioType: at most 10 digits). */
export const MAXIMUM_FOLIO = 9_999_999_999;

/** The content type of a DTE as stored: ISO-8859-1 bytes, as the XML declaration says. */
export const XML_CONTENT_TYPE = 'application/xml; charset=ISO-8859-1';

const idParameters = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    company: { type: 'string', description: "A RUT of the token's; required when the token names several companies." },
    type: { type: 'integer', enum: ISSUED_TYPES },
    // FolioType of SiiTypes_v10.xsd: a positive integer of at most 10 digits. The bound also keeps
    // numbers such as 1e20 from reaching the database's bigint column.
    folio: { type: 'integer', minimum: 1, maximum: MAXIMUM_FOLIO },
    state: { type: 'string', enum: DOCUMENT_STATES },
    cursor: { type: 'string', maxLength: 1000 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
  },
} as const;

interface ListQuery {
  company?: string;
  type?: number;
  folio?: number;
  state?: DocumentState;
  cursor?: string;
  limit: number;
}

/** Adds the document routes; `callbacks` says which callback URLs are taken. */
export function registerDocumentRoutes(app: FastifyInstance, documents: DocumentService, callbacks: CallbackPolicy): void {
  registerIssueRoute(app, documents, callbacks);
  registerListRoute(app, documents);

  app.get('/v1/documents/:id', {
    schema: {
      tags: ['documents'],
      summary: 'Read a document: state, SII track id and codes, history',
      params: idParameters,
      response: { 200: answer('Document'), ...PROBLEM_RESPONSES },
    },
  }, async (request) => documentResource(await readDocument(request, documents)));

  app.get('/v1/documents/:id/xml', {
    schema: {
      tags: ['documents'],
      summary: 'Download the signed XML, byte for byte as stored (ISO-8859-1)',
      params: idParameters,
      response: {
        200: { description: 'The signed DTE.', content: { 'application/xml': { schema: { type: 'string' } } } },
        ...PROBLEM_RESPONSES,
      },
    },
  }, async (request, reply) => {
    const document = await readDocument(request, documents);
    const xml = await documents.xml(actorOf(request), document.id);
    const name = `dte-${document.companyRut}-${document.type}-${document.folio}.xml`;
    return reply.type(XML_CONTENT_TYPE).header('content-disposition', `inline; filename="${name}"`).send(xml);
  });

  app.get('/v1/documents/:id/envelopes', {
    schema: {
      tags: ['documents'],
      summary: 'The EnvioDTE envelopes that carried the document, oldest first, and how each ended',
      params: idParameters,
      response: { 200: answer('EnvelopeList'), ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const document = await readDocument(request, documents);
    return { items: await documents.envelopes(actorOf(request), document.id) };
  });

  app.post('/v1/documents/:id/retry', {
    config: { access: { permission: 'issue' } },
    schema: {
      tags: ['documents'],
      summary: 'Queue a failed document for submission again',
      params: idParameters,
      response: { 202: answer('Document', 'Queued again.'), ...PROBLEM_RESPONSES },
    },
  }, async (request, reply) => {
    const document = await readDocument(request, documents);
    const retried = await documents.retry(actorOf(request), document.id);
    return reply.code(202).send(documentResource(retried));
  });
}

/** Reads the document of the path, refusing (403) one of a company the token does not name. */
async function readDocument(request: FastifyRequest, documents: DocumentService): Promise<DocumentView> {
  const actor = actorOf(request);
  const { id } = request.params as { id: string };
  const document = await documents.get(actor, id);
  requireCompany(request, document.companyRut);
  bindRequestLog(request, { company: document.companyRut, type: document.type, folio: document.folio, documentId: id });
  return document;
}

/** The request's RUTEmisor when it is a RUT; otherwise the service reports the problem with the rest. */
function rutEmisorOf(request: Record<string, unknown>): string | undefined {
  const text = field(field(field(request, 'Encabezado'), 'Emisor'), 'RUTEmisor');
  return typeof text === 'string' ? parseRut(text)?.canonical : undefined;
}

function tipoDteOf(request: Record<string, unknown>): number | undefined {
  const type = field(field(field(request, 'Encabezado'), 'IdDoc'), 'TipoDTE');
  return typeof type === 'number' ? type : undefined;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * Refuses a callback URL that is not an absolute http(s) URL without credentials, or whose host is
 * localhost or a literal loopback, private, link-local or metadata address (unless the policy allows
 * private ones). Host names are checked again, resolved, when the webhook is sent.
 */
function checkCallbackUrl(callbackUrl: unknown, policy: CallbackPolicy): void {
  if (callbackUrl === undefined) return;
  const problem = callbackUrlProblem(String(callbackUrl), policy);
  if (problem !== undefined) throw validationError([{ pointer: '/callbackUrl', message: problem }]);
}

function listLink(query: ListQuery, cursor: string | undefined): string {
  const parameters = new URLSearchParams();
  for (const name of ['company', 'type', 'folio', 'state'] as const) {
    if (query[name] !== undefined) parameters.set(name, String(query[name]));
  }
  parameters.set('limit', String(query.limit));
  if (cursor !== undefined) parameters.set('cursor', cursor);
  return `/v1/documents?${parameters.toString()}`;
}


/** `POST /v1/documents`: issue a document. */
function registerIssueRoute(app: FastifyInstance, documents: DocumentService, callbacks: CallbackPolicy): void {
  app.post('/v1/documents', {
    config: { access: { permission: 'issue' }, accepts: [JSON_TYPE] },
    schema: {
      tags: ['documents'],
      summary: 'Issue a document',
      description: 'Validates, assigns the folio, builds, signs, stores and queues the document. With an Idempotency-Key, '
        + 'the same key and body answer the same document (200); the same key with another body is a 409.',
      headers: {
        type: 'object',
        properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' } },
      },
      body: ISSUE_EXTRAS_SCHEMA,
      response: {
        201: answer('Document', 'Issued.'),
        200: answer('Document', 'Issued earlier with the same Idempotency-Key and body.'),
        ...PROBLEM_RESPONSES,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { callbackUrl, odoo, ...documentRequest } = request.body as Record<string, unknown>;
    checkCallbackUrl(callbackUrl, callbacks);
    const emisor = rutEmisorOf(documentRequest);
    if (emisor !== undefined) {
      requireCompany(request, emisor);
      bindRequestLog(request, { company: emisor, type: tipoDteOf(documentRequest) });
    }
    const idempotencyKey = request.headers['idempotency-key'];
    const outcome = await documents.issue(actor, {
      request: documentRequest,
      ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
      ...(typeof callbackUrl === 'string' ? { callbackUrl } : {}),
      ...(odoo === undefined ? {} : { odoo: odoo as OdooReference }),
    });
    if (!outcome.ok) throw validationError(outcome.problems);
    const document = outcome.document;
    requireCompany(request, document.companyRut);
    bindRequestLog(request, { folio: document.folio, documentId: document.id });
    reply.code(outcome.replayed ? 200 : 201).header('location', documentPath(document.id));
    if (typeof idempotencyKey === 'string') reply.header('idempotent-replayed', String(outcome.replayed));
    return documentResource(document);
  });
}

/** `GET /v1/documents`: a company's documents, a page at a time. */
function registerListRoute(app: FastifyInstance, documents: DocumentService): void {
  app.get('/v1/documents', {
    schema: {
      tags: ['documents'],
      summary: "List a company's documents, a page at a time",
      querystring: listQuery,
      response: { 200: answer('DocumentPage'), ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const query = request.query as ListQuery;
    const companyRut = companyToList(request, actor, query.company);
    const filter: DocumentFilter = { companyRut, limit: query.limit };
    if (query.type !== undefined) filter.type = query.type;
    if (query.folio !== undefined) filter.folio = query.folio;
    if (query.state !== undefined) filter.state = query.state;
    if (query.cursor !== undefined) filter.cursor = query.cursor;
    const page = await documents.list(actor, filter);
    for (const item of page.items) requireCompany(request, item.companyRut);
    return {
      items: page.items.map(documentResource),
      nextCursor: page.nextCursor,
      links: { self: listLink(query, query.cursor), next: page.nextCursor === null ? null : listLink(query, page.nextCursor) },
    };
  });
}
