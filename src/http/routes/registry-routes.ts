/**
 * The registry of acceptances and claims (Ley 19.983): what the receiver did with one of our documents
 * (as the poll stored it, or asked now), the company's answer to a supplier's document recorded at the
 * SII (admin or receiver; Idempotency-Key), and any document's registry facts. The service authorises
 * the actor on the company; refusals of the SII are 409 or 422 problems naming the codResp.
 */
import type { FastifyInstance } from 'fastify';
import { REGISTRY_TYPES } from '../../core/document-kinds/index.ts';
import type { RegistryActionCommand, RegistryService } from '../../app/ports/index.ts';
import { actorOf } from '../auth/access-guard.ts';
import { requireCompany } from '../auth/company-access.ts';
import { JSON_TYPE } from '../content-types.ts';
import { PROBLEM_RESPONSES } from '../openapi/schemas.ts';
import { bindRequestLog } from '../request-log.ts';

const idParameters = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;

const eventSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', description: 'codEvento: ACD, ERM, RCD, RFP, RFT, or one the SII records itself (NCA, ENC, PAG, CED…).' },
    description: { type: 'string' },
    responsibleRut: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
  },
} as const;

const answerSchema = {
  type: ['object', 'null'],
  properties: { code: { type: 'integer', description: 'codResp.' }, meaning: { type: 'string' }, description: { type: 'string' } },
} as const;

const documentEventsSchema = {
  type: 'object',
  properties: {
    documentId: { type: 'string' }, companyRut: { type: 'string' }, type: { type: 'integer' }, folio: { type: 'integer' },
    receiverStatus: { type: ['string', 'null'], enum: ['pending', 'accepted', 'goods_received', 'claimed', 'accepted_by_law', null] },
    receivedAt: { type: ['string', 'null'], format: 'date-time' },
    deadline: { type: ['string', 'null'], format: 'date-time' },
    lastPolledAt: { type: ['string', 'null'], format: 'date-time' },
    events: { type: 'array', items: eventSchema },
  },
} as const;

const documentFields = {
  companyRut: { type: 'string', maxLength: 20, description: 'The company that acts, when the token names several.' },
  rutEmisor: { type: 'string', maxLength: 20, examples: ['77777777-7'] },
  tipoDoc: { type: 'integer', description: `TipoDTE: ${[...REGISTRY_TYPES].join(', ')}.` },
  folio: { type: 'integer', minimum: 1, maximum: 9_999_999_999 },
} as const;

const actionBody = {
  type: 'object',
  required: ['rutEmisor', 'tipoDoc', 'folio', 'action'],
  additionalProperties: false,
  properties: {
    ...documentFields,
    action: { type: 'string', maxLength: 10, description: 'ACD accepts, ERM acknowledges the goods, RCD claims the content, RFP/RFT claim goods partly/wholly missing.' },
    reason: { type: 'string', maxLength: 500, description: 'Why (for a claim); kept in the audit log, the SII takes no text.' },
  },
} as const;

const actionResponse = {
  type: 'object',
  properties: {
    companyRut: { type: 'string' }, rutEmisor: { type: 'string' }, tipoDoc: { type: 'integer' }, folio: { type: 'integer' },
    action: { type: 'string' }, answer: answerSchema, replayed: { type: 'boolean' },
  },
} as const;

const lookupParameters = {
  type: 'object',
  required: ['rut', 'tipo', 'folio'],
  properties: { rut: { type: 'string', maxLength: 20 }, tipo: { type: 'integer' }, folio: { type: 'integer', minimum: 1, maximum: 9_999_999_999 } },
} as const;

const lookupResponse = {
  type: 'object',
  properties: {
    companyRut: { type: 'string' }, rutEmisor: { type: 'string' }, tipoDoc: { type: 'integer' }, folio: { type: 'integer' },
    events: { type: 'array', items: eventSchema }, eventsAnswer: answerSchema,
    cedible: { type: 'object', properties: { kind: { type: 'string', enum: ['cedible', 'not_cedible', 'pending', 'refused'] }, basis: { type: 'string' }, answer: answerSchema } },
    receivedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;


/** Adds the registry's routes. */
export function registerRegistryRoutes(app: FastifyInstance, registry: RegistryService): void {
  app.get('/v1/documents/:id/events', {
    schema: {
      tags: ['registry'], summary: "What the receiver did with the document (Ley 19.983): its status, deadline and the registry's events",
      params: idParameters, response: { 200: documentEventsSchema, ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const view = await registry.events(actorOf(request), (request.params as { id: string }).id);
    requireCompany(request, view.companyRut);
    return view;
  });

  app.post('/v1/documents/:id/events/refresh', {
    config: { access: { permission: 'read' } },
    schema: { tags: ['registry'], summary: "Ask the SII's registry about the document now", params: idParameters, response: { 200: documentEventsSchema, ...PROBLEM_RESPONSES } },
  }, async (request) => {
    const view = await registry.refresh(actorOf(request), (request.params as { id: string }).id);
    requireCompany(request, view.companyRut);
    return view;
  });

  app.post('/v1/registry/actions', {
    config: { access: { permission: 'receive' }, accepts: [JSON_TYPE] },
    schema: {
      tags: ['registry'],
      summary: "Record the company's answer to a supplier's document at the SII (accept, acknowledge the goods, claim)",
      description: 'The SII answers with a codResp; a refusal is a 409 (the document\'s state forbids it) or 422 problem naming it. '
        + 'With an Idempotency-Key the same key and body answer the first outcome again; another body is a 409.',
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' } } },
      body: actionBody, response: { 200: actionResponse, ...PROBLEM_RESPONSES },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Omit<RegistryActionCommand, 'idempotencyKey'>;
    const idempotencyKey = request.headers['idempotency-key'];
    const outcome = await registry.act(actor, { ...body, ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}) });
    bindRequestLog(request, { company: outcome.companyRut, type: outcome.tipoDoc, folio: outcome.folio });
    if (typeof idempotencyKey === 'string') reply.header('idempotent-replayed', String(outcome.replayed));
    return outcome;
  });

  app.get('/v1/registry/:rut/:tipo/:folio', {
    schema: {
      tags: ['registry'], summary: "Any document's registry facts: its events, whether it may be ceded, and when the SII received it",
      params: lookupParameters,
      querystring: { type: 'object', additionalProperties: false, properties: { company: documentFields.companyRut } },
      response: { 200: lookupResponse, ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const { rut, tipo, folio } = request.params as { rut: string; tipo: number; folio: number };
    const { company } = request.query as { company?: string };
    return registry.lookup(actorOf(request), { rutEmisor: rut, tipoDoc: tipo, folio, ...(company === undefined ? {} : { companyRut: company }) });
  });
}
