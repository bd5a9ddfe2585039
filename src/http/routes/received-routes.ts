/**
 * Documents we receive (issue 18): `POST /v1/received` takes a supplier's EnvioDTE as it came (for
 * Odoo or a mail gateway that already has the file), `GET /v1/received` lists the documents, and
 * `GET /v1/received/:id` (+ `/xml`, `/pdf`) shows one with its checks, answers and deadline;
 * `POST /v1/received/:id/decision` records the person's decision. A hostile or faulty file is not an
 * HTTP error: it is kept as evidence and the answer says its EstadoRecepEnv, as the RespuestaDTE does.
 */
import type { FastifyInstance } from 'fastify';
import type { DecisionCommand, ReceivedService, ReceivedState } from '../../app/ports/index.ts';
import { actorOf } from '../auth/access-guard.ts';
import { companyToList } from '../auth/company-access.ts';
import { JSON_TYPE, XML_TYPES } from '../content-types.ts';
import { PROBLEM_RESPONSES } from '../openapi/schemas.ts';
import { bindRequestLog } from '../request-log.ts';

/** The largest file taken over HTTP: the receiver checks' own limit (larger ones are a 413, never read). */
export const MAX_RECEIVED_BYTES = 32 * 1024 * 1024;

const STATES: readonly ReceivedState[] = ['received', 'refused', 'accepted', 'accepted_with_discrepancies', 'rejected'];

const idParameter = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;

const decisionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['result'],
  properties: {
    result: { type: 'string', enum: ['accepted', 'accepted_with_discrepancies', 'rejected'] },
    reason: { type: 'string', minLength: 1, maxLength: 200, description: 'Why; required to reject or to accept with discrepancies.' },
    claim: { type: 'string', enum: ['RCD', 'RFP', 'RFT'], description: 'The registry claim when rejecting (default RCD).' },
    receipt: {
      type: 'object',
      additionalProperties: false,
      required: ['recinto'],
      description: 'The acuse de recibo of Ley 19.983: sends an EnvioRecibos and records ERM.',
      properties: { recinto: { type: 'string', minLength: 1, maxLength: 80 }, rutFirma: { type: 'string', minLength: 3, maxLength: 12 } },
    },
  },
} as const;

/** Adds the received-documents routes. */
export function registerReceivedRoutes(app: FastifyInstance, received: ReceivedService): void {
  app.post('/v1/received', {
    bodyLimit: MAX_RECEIVED_BYTES,
    config: { access: { permission: 'issue' }, accepts: XML_TYPES },
    schema: {
      tags: ['received'],
      summary: "Take a supplier's EnvioDTE",
      description: 'Checks the file as the SII manual says a receiver must, keeps it as evidence, and queues the signed '
        + 'RecepcionEnvio to the sender. 201 with the envelope (its status is the EstadoRecepEnv: 0 received, 1 schema, '
        + '2 signature, 3 receiver, 90 repeated, 91 unreadable); 200 when the same file was taken before.',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          company: { type: 'string', description: 'Our company that received it; required when the token has several.' },
          fileName: { type: 'string', minLength: 1, maxLength: 80, pattern: '^[^/\\\\]+$', default: 'EnvioDTE.xml' },
        },
      },
      response: { ...PROBLEM_RESPONSES },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const query = request.query as { company?: string; fileName: string };
    const companyRut = companyToList(request, actor, query.company);
    bindRequestLog(request, { company: companyRut });
    const envelope = await received.receive(actor, companyRut, request.body as Buffer, query.fileName);
    return reply.code(envelope.repeated ? 200 : 201).send(envelope);
  });

  app.get('/v1/received', {
    schema: {
      tags: ['received'],
      summary: 'List received documents, newest first',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          company: { type: 'string' },
          state: { type: 'string', enum: [...STATES] },
          limit: { type: 'integer', minimum: 1, maximum: 500 },
          cursor: { type: 'string', maxLength: 40 },
        },
      },
      response: { ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const query = request.query as { company?: string; state?: ReceivedState; limit?: number; cursor?: string };
    const { company, ...filter } = query;
    return received.list(actor, companyToList(request, actor, company), filter);
  });

  app.get('/v1/received/:id', {
    schema: { tags: ['received'], summary: 'One received document: checks, answers, decision, deadline', params: idParameter, response: { ...PROBLEM_RESPONSES } },
  }, async (request) => received.get(actorOf(request), (request.params as { id: string }).id));

  app.get('/v1/received/:id/xml', {
    schema: { tags: ['received'], summary: 'The DTE as received, byte for byte (ISO-8859-1)', params: idParameter, response: { ...PROBLEM_RESPONSES } },
  }, async (request, reply) => {
    const xml = await received.xml(actorOf(request), (request.params as { id: string }).id);
    return reply.type('application/xml; charset=ISO-8859-1').send(xml);
  });

  app.get('/v1/received/:id/pdf', {
    schema: { tags: ['received'], summary: "The supplier's document printed", params: idParameter, response: { ...PROBLEM_RESPONSES } },
  }, async (request, reply) => {
    const pdf = await received.pdf(actorOf(request), (request.params as { id: string }).id);
    return reply.type('application/pdf').send(pdf);
  });

  app.post('/v1/received/:id/decision', {
    config: { access: { permission: 'receive' }, accepts: [JSON_TYPE] },
    schema: {
      tags: ['received'],
      summary: 'Accept or reject a received document (ResultadoDTE, EnvioRecibos, registry action)',
      description: 'Records the registry action at the SII (ACD, ERM, RCD/RFP/RFT), signs and mails the ResultadoDTE and, with a '
        + 'receipt, the EnvioRecibos; audited. The same decision again answers 200 with the first; another is a 409, as is any '
        + 'decision after the eight days of Ley 19.983.',
      params: idParameter,
      body: decisionBody,
      response: { ...PROBLEM_RESPONSES },
    },
  }, async (request, reply) => {
    const outcome = await received.decide(actorOf(request), (request.params as { id: string }).id, request.body as DecisionCommand);
    return reply.code(outcome.replayed ? 200 : 201).send(outcome.document);
  });
}
