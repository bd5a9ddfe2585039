import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { DEMO_COMPANY, startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';
import { sampleRequest } from '../support/requests.ts';

/**
 * The whole service as `npm start` builds it (PGlite, in-process queue, in-process local SII), driven
 * over real HTTP: issue → signed → queued → submitted → accepted, decided by the local SII.
 */
const DEMO = DEMO_COMPANY;
let embedded: EmbeddedService;
let service: Service;
let url: string;

async function token(role: 'admin' | 'issuer' | 'viewer', companies = [DEMO]): Promise<string> {
  return embedded.token(role, companies);
}

beforeAll(async () => {
  embedded = await startEmbeddedService();
  ({ service, url } = embedded);
}, 60_000);

const call: EmbeddedService['call'] = (...args) => embedded.call(...args);
const settled: EmbeddedService['settled'] = (...args) => embedded.settled(...args);

afterAll(async () => {
  await embedded?.close();
});

describe('the service, end to end', () => {
  it('creates the demo company on first start', () => {
    expect(service.demoCreated).toBe(true);
  });

  it('issues all five types and each is accepted by the local SII, with its history', async () => {
    const bearer = await token('issuer');
    const factura = await call('POST', '/v1/documents', bearer, sampleRequest(33));
    expect(factura.status).toBe(201);
    expect(factura.json).toMatchObject({ type: 33, state: 'signed' });
    const facturaDone = await settled(bearer, factura.json.id);
    expect(facturaDone.state).toBe('accepted');
    expect(facturaDone.trackId).toMatch(/^\d+$/);
    expect(facturaDone.history.map((entry: { to: string }) => entry.to)).toEqual(['signed', 'queued', 'submitted', 'accepted']);
    const reference = { Referencia: [{ TpoDocRef: '33', FolioRef: String(factura.json.folio), FchRef: '2026-11-20', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] };
    const others = await Promise.all([
      call('POST', '/v1/documents', bearer, sampleRequest(34)),
      call('POST', '/v1/documents', bearer, sampleRequest(52)),
      call('POST', '/v1/documents', bearer, sampleRequest(56, reference)),
      call('POST', '/v1/documents', bearer, sampleRequest(61, reference)),
    ]);
    for (const created of others) expect(created.status).toBe(201);
    const verdicts = await Promise.all(others.map((created) => settled(bearer, created.json.id)));
    expect(verdicts.map((document) => [document.type, document.state])).toEqual([[34, 'accepted'], [52, 'accepted'], [56, 'accepted'], [61, 'accepted']]);
    const xml = await fetch(`${url}/v1/documents/${factura.json.id}/xml`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(xml.headers.get('content-type')).toMatch(/ISO-8859-1/i);
    expect(Buffer.from(await xml.arrayBuffer()).toString('latin1')).toContain('<RznSocRecep>Constructora Peñalolén SpA</RznSocRecep>');
  });

  it('reports a rejection with the SII codes', async () => {
    const bearer = await token('issuer');
    const orphan = sampleRequest(61, { Referencia: [{ TpoDocRef: '33', FolioRef: '99999', FchRef: '2026-11-01', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] });
    const created = await call('POST', '/v1/documents', bearer, orphan);
    const document = await settled(bearer, created.json.id);
    expect(document.state).toBe('rejected');
    expect(document.codes.map((code: { code: string }) => code.code)).toContain('REF-3-750');
    // The offending values travel with the code: which reference the SII does not know.
    expect(document.codes.find((code: { code: string }) => code.code === 'REF-3-750').detail).toMatch(/99999/);
  });

  it('gives parallel requests distinct consecutive folios', async () => {
    const bearer = await token('issuer');
    const created = await Promise.all(Array.from({ length: 24 }, () => call('POST', '/v1/documents', bearer, sampleRequest(52))));
    const folios = created.map((response) => response.json.folio as number).sort((left, right) => left - right);
    expect(folios).toEqual(Array.from({ length: 24 }, (_, index) => folios[0]! + index));
  });

  it('replays an idempotent request and refuses the key with another body', async () => {
    const bearer = await token('issuer');
    const first = await call('POST', '/v1/documents', bearer, sampleRequest(34), { 'idempotency-key': 'odoo-42' });
    const again = await call('POST', '/v1/documents', bearer, sampleRequest(34), { 'idempotency-key': 'odoo-42' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.id).toBe(first.json.id);
    const other = await call('POST', '/v1/documents', bearer, sampleRequest(33), { 'idempotency-key': 'odoo-42' });
    expect(other.status).toBe(409);
  });

  it('refuses without a token, another company, a viewer issuing, and bad input, never with a 500', async () => {
    expect((await call('POST', '/v1/documents', undefined, sampleRequest(33))).status).toBe(401);
    const issuer = await token('issuer');
    const mine = await call('POST', '/v1/documents', issuer, sampleRequest(34));
    const stranger = await token('issuer', ['96670340-7']);
    for (const path of ['', '/xml', '/pdf', '/envelopes']) {
      const refused = await call('GET', `/v1/documents/${mine.json.id}${path}`, stranger);
      expect(refused.status, path).toBe(403);
      // Which company holds the document is not said to someone who may not read it.
      expect(JSON.stringify(refused.json), path).not.toContain(DEMO);
    }
    expect((await call('POST', '/v1/documents', await token('viewer'), sampleRequest(33))).status).toBe(403);
    expect((await call('POST', '/v1/documents', issuer, '{"Encabezado": ')).status).toBe(400);
    const badRut = sampleRequest(33);
    (badRut.Encabezado as { Receptor: Record<string, unknown> }).Receptor.RUTRecep = '77777777-8';
    const invalid = await call('POST', '/v1/documents', issuer, badRut);
    expect(invalid.status).toBe(422);
    expect(invalid.json.problems[0].pointer).toBe('/Encabezado/Receptor/RUTRecep');
    const blankName = sampleRequest(33);
    (blankName.Encabezado as { Receptor: Record<string, unknown> }).Receptor.RznSocRecep = '   ';
    const blank = await call('POST', '/v1/documents', issuer, blankName);
    expect([blank.status, blank.json.problems]).toEqual([422, [{ pointer: '/Encabezado/Receptor/RznSocRecep', message: 'RznSocRecep must not be blank: it has only whitespace' }]]);
    const entity = await fetch(`${url}/v1/companies/${DEMO}/cafs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('admin')}`, 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><AUTORIZACION>&e;</AUTORIZACION>',
    });
    expect(entity.status).toBe(422);
    const withFolio = sampleRequest(33);
    (withFolio.Encabezado as { IdDoc: Record<string, unknown> }).IdDoc.Folio = 77;
    const folio = await call('POST', '/v1/documents', issuer, withFolio);
    expect([folio.status, folio.json.problems[0].pointer]).toEqual([422, '/Encabezado/IdDoc/Folio']);
    const cursor = await call('GET', '/v1/documents?cursor=garbage', issuer);
    expect([cursor.status, cursor.json.problems[0].pointer]).toEqual([422, '/cursor']);
    for (const outOfRange of ['1e20', '9223372036854775808', '1e308', '-1', '2.5']) {
      const listed = await call('GET', `/v1/documents?folio=${outOfRange}`, issuer);
      expect([listed.status, listed.json.problems[0].pointer], outOfRange).toEqual([422, 'folio']);
    }
    const odoo = await call('POST', '/v1/documents', issuer, { ...sampleRequest(33), odoo: { model: 'account.move', id: 'x' } });
    expect([odoo.status, odoo.json.problems[0].pointer]).toEqual([422, '/odoo/id']);
    const unsafeId = await call('POST', '/v1/documents', issuer, JSON.stringify({ ...sampleRequest(33), odoo: { model: 'account.move', id: 1 } }).replace('"id":1}', '"id":18446744073709551616}'));
    expect([unsafeId.status, unsafeId.json.problems[0].pointer]).toEqual([422, '/odoo/id']);
    const huge = await call('POST', '/v1/documents', issuer, JSON.stringify({ padding: 'x'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
  });

  it('shows folios left, readiness and metrics', async () => {
    const folios = await call('GET', `/v1/companies/${DEMO}/folios`, await token('viewer'));
    expect(folios.json.folios.find((entry: { type: number }) => entry.type === 33).left).toBeGreaterThan(99_000);
    expect((await call('GET', '/readyz', undefined)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${await token('admin')}` } })).text();
    expect(metrics).toMatch(/dte_documents_issued_total\{type="33",state="accepted"\} [1-9]/);
    expect(metrics).toMatch(/dte_folios_left\{company="76192083-9",type="34"\} \d{5}/);
  });
});
