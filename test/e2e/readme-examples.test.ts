import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siiDate } from '../../src/core/sii-time.ts';
import { startEmbeddedService, type EmbeddedService, type Json } from '../support/embedded-service.ts';

/**
 * The requests in examples/, which the README's commands post as they are to a fresh `npm start`:
 * each is issued and accepted by the local SII, the nota de crédito referencing the factura folio 1.
 * They give no FchEmis (nor the nota its FchRef): the service dates them on the day they are sent, in
 * Chile, after the demo CAFs, and nothing warns of a rejection on them.
 */
const examples = join(import.meta.dirname, '..', '..', 'examples');
let embedded: EmbeddedService;
let token: string;

beforeAll(async () => {
  embedded = await startEmbeddedService();
  token = await embedded.token('admin');
}, 60_000);

afterAll(() => embedded?.close());

describe('the README examples', () => {
  it('issues factura.json, nota-de-credito.json and guia.json on a fresh service, each accepted and dated today', async () => {
    const expected = [['factura.json', 33], ['nota-de-credito.json', 61], ['guia.json', 52]] as const;
    const settled: Json[] = [];
    for (const [file, type] of expected) {
      const body = readFileSync(join(examples, file), 'utf8');
      expect(body, `${file} carries no date`).not.toMatch(/FchEmis|FchRef|\d{4}-\d{2}-\d{2}/);
      const response = await embedded.call('POST', '/v1/documents', token, body, { 'idempotency-key': `readme-${file}` });
      expect(response.status, `${file}: ${JSON.stringify(response.json)}`).toBe(201);
      // The nota references factura folio 1, so the factura must be accepted before the nota is sent.
      settled.push(await embedded.settled(token, response.json.id));
      expect(settled.at(-1)).toMatchObject({ type, folio: 1, state: 'accepted', codes: [] });
    }
    const today = siiDate(new Date());
    const xml = await fetch(`${embedded.url}/v1/documents/${settled[1].id}/xml`, { headers: { authorization: `Bearer ${token}` } });
    const nota = Buffer.from(await xml.arrayBuffer()).toString('latin1');
    expect(nota).toContain(`<FchEmis>${today}</FchEmis>`);
    // The nota's FchRef is the factura's own date, as the service issued it.
    expect(nota).toContain(`<FchRef>${today}</FchRef>`);
  }, 60_000);

  it('warns of no rejection on the newcomer\'s first factura: its diagnosis finds nothing the SII would refuse', async () => {
    const response = await embedded.call('POST', '/v1/documents', token, readFileSync(join(examples, 'factura.json'), 'utf8'), { 'idempotency-key': 'readme-factura.json' });
    const { json } = await embedded.call('POST', '/v1/agent/ask', token, { question: '¿Por qué rechazaría el SII esta factura?', documentId: response.json.id });
    expect(json.toolCalls.map((call: Json) => call.name)).toContain('diagnose_document');
    expect(json.answer).not.toMatch(/HED-3-305|CAF-3-517|REF-3-415|anterior a la fecha de autorización|seis meses/);
    expect(json.answer).toContain('No encontré un problema concreto');
  }, 60_000);
});
