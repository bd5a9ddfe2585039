import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, RegistryActionCommand, RegistryDocumentQuery, RegistryService } from '../../src/app/ports/index.ts';
import { DteError } from '../../src/core/errors.ts';
import { COMPANY, createTestApp, jsonHeaders, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

/** A registry service that records what it was asked and refuses what the test says. */
class FakeRegistry implements RegistryService {
  calls: Array<{ name: string; actor: Actor; input: unknown }> = [];
  refusal: DteError | undefined;
  async events(actor: Actor, id: string) {
    this.calls.push({ name: 'events', actor, input: id });
    return { documentId: id, companyRut: COMPANY, type: 33, folio: 1, receiverStatus: 'pending' as const, receivedAt: null, deadline: null, lastPolledAt: null, events: [] };
  }
  refresh(actor: Actor, id: string) {
    return this.events(actor, id);
  }
  async act(actor: Actor, command: RegistryActionCommand) {
    this.calls.push({ name: 'act', actor, input: command });
    if (this.refusal) throw this.refusal;
    return { companyRut: COMPANY, rutEmisor: command.rutEmisor, tipoDoc: command.tipoDoc, folio: command.folio, action: 'ACD' as const, answer: { code: 0, meaning: 'Acción Completada OK', description: 'Acción Completada OK' }, replayed: false };
  }
  async lookup(actor: Actor, query: RegistryDocumentQuery) {
    this.calls.push({ name: 'lookup', actor, input: query });
    return { ...query, companyRut: COMPANY, events: [], eventsAnswer: null, cedible: { kind: 'pending' as const, answer: { code: 22, meaning: '', description: '' } }, receivedAt: null };
  }
}

let test: TestApp;
const registry = new FakeRegistry();
const action = { rutEmisor: '77777777-7', tipoDoc: 33, folio: 5, action: 'ACD' };

beforeAll(async () => {
  test = await createTestApp({ registry });
});

afterAll(async () => {
  await test.close();
});

describe('the registry routes', () => {
  it('let a receiver record an action with its Idempotency-Key, and refuse a viewer before the service is asked', async () => {
    const viewer = await test.app.inject({ method: 'POST', url: '/v1/registry/actions', headers: jsonHeaders(await tokenFor('viewer')), payload: action });
    expect(viewer.statusCode).toBe(403);
    expect(registry.calls).toHaveLength(0);
    const done = await test.app.inject({ method: 'POST', url: '/v1/registry/actions', headers: jsonHeaders(await tokenFor('receiver'), { 'idempotency-key': 'k-1' }), payload: action });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ action: 'ACD', answer: { code: 0 }, replayed: false });
    expect(registry.calls.at(-1)).toMatchObject({ name: 'act', input: { ...action, idempotencyKey: 'k-1' } });
  });

  it('refuse a body without the folio or with unknown fields as a 422 naming them', async () => {
    const before = registry.calls.length;
    const { folio: _folio, ...withoutFolio } = action;
    const bad = await test.app.inject({ method: 'POST', url: '/v1/registry/actions', headers: jsonHeaders(await tokenFor('admin')), payload: { ...withoutFolio, extra: 1 } });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(problemOf(bad))).toContain('folio');
    expect(registry.calls).toHaveLength(before);
  });

  it("answer an SII refusal as a problem naming the codResp", async () => {
    registry.refusal = new DteError('CONFLICT', "The SII's registry refused: codResp 11, Evento no permitido.", { details: { codResp: 11, meaning: 'Evento no permitido', field: '/folio' } });
    const refused = await test.app.inject({ method: 'POST', url: '/v1/registry/actions', headers: jsonHeaders(await tokenFor('receiver')), payload: { ...action, action: 'RCD' } });
    registry.refusal = undefined;
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused)).toMatchObject({ code: 'CONFLICT', details: { codResp: 11, field: '/folio' } });
  });

  it("read a document's events and any document's registry facts", async () => {
    const events = await test.app.inject({ method: 'GET', url: '/v1/documents/abc/events', headers: jsonHeaders(await tokenFor('viewer')) });
    expect(events.statusCode).toBe(200);
    expect(events.json()).toMatchObject({ documentId: 'abc', receiverStatus: 'pending' });
    const lookup = await test.app.inject({ method: 'GET', url: '/v1/registry/77777777-7/33/9', headers: jsonHeaders(await tokenFor('viewer')) });
    expect(lookup.statusCode).toBe(200);
    expect(registry.calls.at(-1)).toMatchObject({ name: 'lookup', input: { rutEmisor: '77777777-7', tipoDoc: 33, folio: 9 } });
    const badFolio = await test.app.inject({ method: 'GET', url: '/v1/registry/77777777-7/33/0', headers: jsonHeaders(await tokenFor('viewer')) });
    expect(badFolio.statusCode).toBe(422);
  });
});
