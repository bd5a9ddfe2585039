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
let headers: Record<string, string>;

beforeAll(async () => {
  embedded = await startEmbeddedService();
  headers = { authorization: `Bearer ${await embedded.token('admin')}`, 'content-type': 'application/json' };
}, 60_000);

afterAll(() => embedded?.close());

async function settled(id: string): Promise<{ type: number; folio: number; state: string; codes: unknown[] }> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const document = (await (await fetch(`${embedded.url}/v1/documents/${id}`, { headers })).json()) as { type: number; folio: number; state: string; codes: unknown[] };
    if (['accepted', 'accepted_with_repairs', 'rejected', 'failed'].includes(document.state)) return document;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`document ${id} never settled`);
}

describe('the README examples', () => {
  it('issues factura.json, nota-de-credito.json and guia.json on a fresh service, each accepted', async () => {
    const expected = [['factura.json', 33], ['nota-de-credito.json', 61], ['guia.json', 52]] as const;
    for (const [file, type] of expected) {
      const response = await fetch(`${embedded.url}/v1/documents`, {
        method: 'POST', headers: { ...headers, 'idempotency-key': `readme-${file}` }, body: readFileSync(join(examples, file)),
      });
      expect(response.status, `${file}: ${await response.clone().text()}`).toBe(201);
      const { id } = (await response.json()) as { id: string };
      // The nota references factura folio 1, so the factura must be accepted before the nota is sent.
      expect(await settled(id)).toMatchObject({ type, folio: 1, state: 'accepted', codes: [] });
    }
  }, 60_000);
});
