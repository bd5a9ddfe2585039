/**
 * Every route, called for real over `inject`, answers what the published OpenAPI document
 * (`GET /openapi.json`) says: a listed status, a listed content type, and a body its schema accepts.
 * Problems (401, 403, 404, 422) are checked as well as successes, and every operation of the
 * document must have answered with a success at least once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ActorDirectory, AlertChannelService, AlertChannelView, ConversationService, FeedbackService, FrontEndUserRecord,
} from '../../src/app/ports/index.ts';
import { documentView } from './support/fake-services.ts';
import { OpenApiContract, type OpenApiDocument } from './support/openapi-contract.ts';
import { COMPANY, createTestApp, facturaRequest, jsonHeaders, tokenFor, type TestApp } from './support/test-app.ts';

const CONVERSATION = '5d2f7a8e-0000-4000-8000-000000000001';

const conversations: ConversationService = {
  async ask(actor, question) {
    return {
      answer: `hola ${actor.subject}`, mode: 'offline', outcome: 'answered', conversationId: question.conversationId ?? CONVERSATION,
      citations: [{ kind: 'sii_code', id: 'REF-3-750', title: 'Referencia no existe', source: 'Catálogo de códigos del SII' }],
      actions: [{ kind: 'reissue', label: 'Reissue', documentId: question.documentId ?? 'x', request: { Encabezado: {} }, approvalRequired: true }],
      toolCalls: [{ name: 'find_document', ok: true, arguments: { folio: 1 } }],
      usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.001, steps: 1, latencyMs: 3 },
      promptVersion: 'agent-system-test', toolSetHash: 'abc',
    };
  },
};

const users = new Map<string, FrontEndUserRecord>();
const actors: ActorDirectory = {
  async actorOf() {
    return undefined;
  },
  async map(admin, user) {
    const record = { ...user, createdBy: admin.subject, updatedAt: new Date('2026-01-15T15:00:00.000Z') };
    users.set(`${user.workspace}/${user.userId}`, record);
    return record;
  },
  async unmap(_admin, _frontEnd, workspace, userId) {
    return users.delete(`${workspace}/${userId}`);
  },
  async list() {
    return [...users.values()];
  },
};

const channels = new Map<string, AlertChannelView>();
const alertChannels: AlertChannelService = {
  async get(_admin, companyRut) {
    return channels.get(companyRut) ?? { companyRut, channel: null };
  },
  async set(admin, companyRut, channel) {
    const view = { companyRut, channel, setBy: admin.subject, updatedAt: '2026-01-15T15:00:00.000Z' };
    channels.set(companyRut, view);
    return view;
  },
  async remove(_admin, companyRut) {
    return channels.delete(companyRut);
  },
  async destination() {
    return null;
  },
};

const feedback: FeedbackService = {
  async rated(_admin, rating) {
    return [{ id: 'a1', question: '¿IVA?', answer: '19 %', rating, promptVersion: 'v', companies: [COMPANY], ratedAt: '2026-01-15T15:00:00.000Z', toolCalls: [] }];
  },
  async rate() {
    return true;
  },
};

let test: TestApp;
let contract: OpenApiContract;
let admin: string;
let viewer: string;

beforeAll(async () => {
  test = await createTestApp({
    conversations, actors, alertChannels, feedback,
    health: [{ name: 'database', check: async () => ({ ok: true }) }, { name: 'sii', check: async () => ({ ok: true, detail: 'up' }) }],
  });
  const published = await test.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(published.statusCode).toBe(200);
  contract = new OpenApiContract(published.json() as OpenApiDocument);
  admin = await tokenFor('admin');
  viewer = await tokenFor('viewer');
});

afterAll(async () => {
  await test?.close();
});

/** Calls a route and returns the contract's problems with its answer (none when it holds). */
async function call(method: string, route: string, url: string, options: { token?: string; payload?: unknown; headers?: Record<string, string> } = {}) {
  const headers = { ...(options.token === undefined ? {} : options.payload === undefined ? { authorization: `Bearer ${options.token}` } : jsonHeaders(options.token)), ...options.headers };
  const response = await test.app.inject({
    method: method as 'GET', url, headers,
    ...(options.payload === undefined ? {} : { payload: options.payload as string }),
  });
  return { response, problems: contract.check(method, route, response) };
}

describe('the published OpenAPI document', () => {
  it('describes what the document routes answer, successes and problems', async () => {
    const issued = await call('POST', '/v1/documents', '/v1/documents', { token: admin, payload: facturaRequest(), headers: { 'idempotency-key': 'k1' } });
    expect(issued.response.statusCode).toBe(201);
    expect(issued.problems).toEqual([]);
    const id = (issued.response.json() as { id: string }).id;
    const replayed = await call('POST', '/v1/documents', '/v1/documents', { token: admin, payload: facturaRequest(), headers: { 'idempotency-key': 'k1' } });
    expect([replayed.response.statusCode, replayed.problems]).toEqual([200, []]);
    test.documents.add(documentView({
      state: 'rejected', trackId: '0123456789', folio: 7, odoo: { model: 'account.move', id: 3 }, callbackUrl: 'https://erp.example.com/hook',
      codes: [{ code: 'REF-3-750', message: 'Referencia no existe', detail: '33 99999' }],
      totals: { MntExe: 1000, MntTotal: 1000 },
      history: [{ from: null, to: 'signed', at: '2026-01-15T15:00:00.000Z' }, { from: 'submitted', to: 'rejected', at: '2026-01-15T15:01:00.000Z', detail: 'REF-3-750' }],
    }));
    const checks = await Promise.all([
      call('GET', '/v1/documents', `/v1/documents?company=${COMPANY}&limit=1`, { token: viewer }),
      call('GET', '/v1/documents/:id', `/v1/documents/${id}`, { token: viewer }),
      call('GET', '/v1/documents/:id/xml', `/v1/documents/${id}/xml`, { token: viewer }),
      call('GET', '/v1/documents/:id/pdf', `/v1/documents/${id}/pdf?copy=cedible`, { token: viewer }),
      call('GET', '/v1/documents/:id/envelopes', `/v1/documents/${id}/envelopes`, { token: viewer }),
      call('POST', '/v1/documents/:id/retry', `/v1/documents/${id}/retry`, { token: admin }),
      call('GET', '/v1/documents/:id', '/v1/documents/missing', { token: viewer }),
      call('GET', '/v1/documents/:id', `/v1/documents/${id}`),
      call('POST', '/v1/documents/:id/retry', `/v1/documents/${id}/retry`, { token: viewer }),
      call('GET', '/v1/documents', '/v1/documents?limit=1000', { token: viewer }),
      call('POST', '/v1/documents', '/v1/documents', { token: admin, payload: { ...facturaRequest(), callbackUrl: 'ftp://x' } }),
    ]);
    expect(checks.map((check) => check.response.statusCode)).toEqual([200, 200, 200, 200, 200, 202, 404, 401, 403, 422, 422]);
    expect(checks.flatMap((check) => check.problems)).toEqual([]);
    const page = checks[0]!.response.json() as { items: Array<{ links: Record<string, string> }> };
    expect(page.items[0]!.links).toEqual(expect.objectContaining({ pdf: expect.stringMatching(/^\/v1\/documents\/[\w-]+\/pdf$/) }));
  });

  it('describes what the company, operation and agent routes answer', async () => {
    const checks = await Promise.all([
      call('POST', '/v1/companies/:rut/cafs', `/v1/companies/${COMPANY}/cafs`, { token: admin, payload: '<AUTORIZACION/>', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/xml' } }),
      call('GET', '/v1/companies/:rut/folios', `/v1/companies/${COMPANY}/folios`, { token: viewer }),
      call('POST', '/v1/companies/:rut/certificate', `/v1/companies/${COMPANY}/certificate`, { token: admin, payload: { pkcs12: 'AAAA', password: 'secret' } }),
      call('GET', '/healthz', '/healthz'),
      call('GET', '/readyz', '/readyz'),
      call('GET', '/metrics', '/metrics', { token: admin }),
      call('POST', '/v1/agent/ask', '/v1/agent/ask', { token: viewer, payload: { question: '¿Por qué?', conversationId: CONVERSATION } }),
      call('POST', '/v1/agent/ask', '/v1/agent/ask', { token: viewer, payload: { question: '' } }),
      call('GET', '/v1/companies/:rut/folios', '/v1/companies/60910000-1/folios', { token: viewer }),
    ]);
    expect(checks.map((check) => check.response.statusCode)).toEqual([201, 200, 200, 200, 200, 200, 200, 422, 403]);
    expect(checks.flatMap((check) => check.problems)).toEqual([]);
  });

  it('describes what the Slack admin routes answer', async () => {
    const user = `/v1/slack/users/T0123ABCD/U0456EFGH`;
    const channel = `/v1/slack/channels/${COMPANY}`;
    const checks = [];
    checks.push(await call('PUT', '/v1/slack/users/:workspace/:userId', user, { token: admin, payload: { role: 'viewer', companies: [COMPANY] } }));
    checks.push(await call('GET', '/v1/slack/users', '/v1/slack/users', { token: admin }));
    checks.push(await call('DELETE', '/v1/slack/users/:workspace/:userId', user, { token: admin }));
    checks.push(await call('DELETE', '/v1/slack/users/:workspace/:userId', user, { token: admin }));
    checks.push(await call('GET', '/v1/slack/feedback', '/v1/slack/feedback?rating=down', { token: admin }));
    checks.push(await call('GET', '/v1/slack/channels/:rut', channel, { token: admin }));
    checks.push(await call('PUT', '/v1/slack/channels/:rut', channel, { token: admin, payload: { channel: 'C0123ABCD' } }));
    checks.push(await call('GET', '/v1/slack/channels/:rut', channel, { token: admin }));
    checks.push(await call('DELETE', '/v1/slack/channels/:rut', channel, { token: admin }));
    checks.push(await call('GET', '/v1/slack/users', '/v1/slack/users', { token: viewer }));
    expect(checks.map((check) => check.response.statusCode)).toEqual([200, 200, 204, 404, 200, 200, 200, 200, 204, 403]);
    expect(checks.flatMap((check) => check.problems)).toEqual([]);
  });

  it('has no operation that was not seen answering a success', () => {
    const unseen = contract.operations().filter((operation) => !contract.succeeded.has(operation));
    expect(unseen).toEqual([]);
  });

  it('catches an answer the document does not describe', () => {
    const document = documentView();
    const fake = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...document, state: 'lost' }), json: () => ({ ...document, state: 'lost' }) };
    expect(contract.check('GET', '/v1/documents/:id', fake as never).join('\n')).toMatch(/\/state must be equal to one of the allowed values/);
    expect(contract.check('GET', '/v1/documents/:id', { ...fake, statusCode: 302 } as never)).toEqual(['GET /v1/documents/{id} answered 302, which the document does not list']);
  });
});
