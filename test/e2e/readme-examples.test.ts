import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';

/**
 * The requests in examples/, which the README's commands post as they are to a fresh `npm start`:
 * each is issued and accepted by the local SII, the nota de crédito referencing the factura folio 1.
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
  it('issues factura.json, nota-de-credito.json and guia.json on a fresh service, each accepted', async () => {
    const expected = [['factura.json', 33], ['nota-de-credito.json', 61], ['guia.json', 52]] as const;
    for (const [file, type] of expected) {
      const response = await embedded.call('POST', '/v1/documents', token, readFileSync(join(examples, file), 'utf8'), { 'idempotency-key': `readme-${file}` });
      expect(response.status, `${file}: ${JSON.stringify(response.json)}`).toBe(201);
      // The nota references factura folio 1, so the factura must be accepted before the nota is sent.
      expect(await embedded.settled(token, response.json.id)).toMatchObject({ type, folio: 1, state: 'accepted', codes: [] });
    }
  }, 60_000);
});
