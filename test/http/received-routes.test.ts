import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceivedService } from '../../src/app/received/index.ts';
import type { Store } from '../../src/app/ports/index.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { CUSTOMER_RUT, supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { sampleCompany } from '../store/store-fixtures.ts';
import { createTestApp, jsonHeaders, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Hostile files over HTTP: each is kept and answered 91 (Archivo Ilegible), never a 5xx. */
const HOSTILE: Array<[string, Buffer]> = [
  ['an external entity (XXE)', latin1('<?xml version="1.0"?>\n<!DOCTYPE EnvioDTE [<!ENTITY s SYSTEM "file:///etc/passwd">]>\n<EnvioDTE>&s;</EnvioDTE>')],
  ['entity expansion', latin1('<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<EnvioDTE>&b;</EnvioDTE>')],
  ['100,000 levels of nesting', latin1(`<EnvioDTE>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</EnvioDTE>`)],
  ['a wrong encoding', latin1('<?xml version="1.0" encoding="Shift_JIS"?><EnvioDTE/>')],
];

describe('/v1/received', () => {
  let test: TestApp;
  let store: Store;
  let token: string;
  const xmlHeaders = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/xml', ...extra });

  beforeAll(async () => {
    const credentials = await testCredentials();
    store = (await openStore({ masterKey: Buffer.alloc(32, 4) })).store;
    await store.companies.save(sampleCompany(CUSTOMER_RUT));
    const received = createReceivedService({
      store, certificate: async () => credentials.certificate, schemaValidator: sharedSchemaValidator(),
      trustedCafCertificates: [credentials.authority], clock: () => new Date('2026-11-21T12:00:00Z'),
    });
    test = await createTestApp({ received });
    token = await tokenFor('admin', [CUSTOMER_RUT]);
  });
  afterAll(async () => test?.close());

  it('takes an envelope (201), the same file again once (200), and shows its documents', async () => {
    const body = await supplierEnvelope(await Promise.all([401, 402, 403].map((folio) => supplierFactura(folio))));
    const first = await test.app.inject({ method: 'POST', url: '/v1/received?fileName=envio.xml', headers: xmlHeaders(), payload: body });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: { code: 0 }, fileName: 'envio.xml', repeated: false });
    expect(first.json().documents).toHaveLength(3);
    const again = await test.app.inject({ method: 'POST', url: '/v1/received', headers: xmlHeaders(), payload: body });
    expect([again.statusCode, again.json().repeated, again.json().id]).toEqual([200, true, first.json().id]);
    const list = await test.app.inject({ method: 'GET', url: '/v1/received?state=received', headers: { authorization: `Bearer ${token}` } });
    expect(list.json().items.map((document: { Folio: number }) => document.Folio)).toEqual([403, 402, 401]);
    const id = list.json().items[0].id as string;
    const shown = await test.app.inject({ method: 'GET', url: `/v1/received/${id}`, headers: { authorization: `Bearer ${token}` } });
    expect(shown.json()).toMatchObject({ Folio: 403, state: 'received', deadline: '2026-11-29T12:00:00.000Z', answers: [{ kind: 'RecepcionEnvio', state: 'unaddressed' }] });
    const xml = await test.app.inject({ method: 'GET', url: `/v1/received/${id}/xml`, headers: { authorization: `Bearer ${token}` } });
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    expect(xml.rawPayload.toString('latin1')).toContain('<Folio>403</Folio>');
    const other = await test.app.inject({ method: 'GET', url: `/v1/received/${id}`, headers: { authorization: `Bearer ${await tokenFor('issuer')}` } });
    expect(problemOf(other).status).toBe(403);
  });

  it.each(HOSTILE)('%s: kept as evidence and answered 91, not an HTTP error', async (_name, body) => {
    const response = await test.app.inject({ method: 'POST', url: '/v1/received', headers: xmlHeaders(), payload: body });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: { code: 91, glosa: 'Envío Rechazado - Archivo Ilegible' }, kept: true, documents: [] });
    expect((await store.received.getOriginal(CUSTOMER_RUT, response.json().id))?.equals(body)).toBe(true);
  });

  it('refuses JSON as the envelope (415) and a viewer posting one (403), as problem+json', async () => {
    const json = await test.app.inject({ method: 'POST', url: '/v1/received', headers: jsonHeaders(token), payload: '{}' });
    expect(problemOf(json).status).toBe(415);
    const viewer = await test.app.inject({ method: 'POST', url: '/v1/received', headers: { ...xmlHeaders(), authorization: `Bearer ${await tokenFor('viewer', [CUSTOMER_RUT])}` }, payload: '<EnvioDTE/>' });
    expect(problemOf(viewer).status).toBe(403);
  });

  it('decides once (201), replays the same decision (200), refuses another (409) and a bad body (422 naming the field)', async () => {
    const list = await test.app.inject({ method: 'GET', url: '/v1/received?state=received', headers: { authorization: `Bearer ${token}` } });
    const id = list.json().items[0].id as string;
    const url = `/v1/received/${id}/decision`;
    const bad = await test.app.inject({ method: 'POST', url, headers: jsonHeaders(token), payload: { result: 'maybe' } });
    expect(problemOf(bad).status).toBe(422);
    expect(JSON.stringify(problemOf(bad))).toContain('result');
    const noReason = await test.app.inject({ method: 'POST', url, headers: jsonHeaders(token), payload: { result: 'rejected' } });
    expect([noReason.statusCode, JSON.stringify(problemOf(noReason))]).toEqual([422, expect.stringContaining('/reason')]);
    const decided = await test.app.inject({ method: 'POST', url, headers: jsonHeaders(token), payload: { result: 'accepted', receipt: { recinto: 'Bodega' } } });
    expect(decided.statusCode).toBe(201);
    expect(decided.json()).toMatchObject({ state: 'accepted', decision: { result: 'accepted', registry: [{ skipped: expect.any(String) }] } });
    expect(decided.json().answers.map((answer: { kind: string }) => answer.kind)).toEqual(['RecepcionEnvio', 'ResultadoDTE', 'EnvioRecibos']);
    const replay = await test.app.inject({ method: 'POST', url, headers: jsonHeaders(token), payload: { result: 'accepted', receipt: { recinto: 'Bodega' } } });
    expect(replay.statusCode).toBe(200);
    const other = await test.app.inject({ method: 'POST', url, headers: jsonHeaders(token), payload: { result: 'rejected', reason: 'No' } });
    expect(problemOf(other).status).toBe(409);
  });

  it('are in the OpenAPI document under the received tag, the envelope as a string body', async () => {
    const document = (await test.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths).filter((path: string) => path.startsWith('/v1/received'))).toEqual([
      '/v1/received', '/v1/received/{id}', '/v1/received/{id}/xml', '/v1/received/{id}/pdf', '/v1/received/{id}/decision',
    ]);
    expect(document.tags.map((tag: { name: string }) => tag.name)).toContain('received');
    const content = document.paths['/v1/received'].post.requestBody.content as Record<string, { schema: { type: string } }>;
    expect(Object.values(content)[0]!.schema.type).toBe('string');
  });
});
