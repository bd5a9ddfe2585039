import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { startEmbeddedService, type EmbeddedService, type Json } from '../support/embedded-service.ts';
import { sampleRequest } from '../support/requests.ts';

/**
 * The local SII told which verdict to give (`PUT /admin/verdicts`): a document reaches that state
 * through the queue, the SII client and the store, as in production, for eval fixtures and rehearsals.
 */
let embedded: EmbeddedService;
let service: Service;
let token: string;

beforeAll(async () => {
  embedded = await startEmbeddedService();
  ({ service } = embedded);
  token = await embedded.token('issuer');
}, 60_000);

afterAll(() => embedded?.close());

async function issueAndSettle(type: 33 | 34): Promise<Json> {
  const issued = await embedded.call('POST', '/v1/documents', token, sampleRequest(type));
  return embedded.settled(token, issued.json.id);
}

describe('verdicts set on the local SII', () => {
  it('rejects the next factura with the codes given, then accepts the one after', async () => {
    const simulatorUrl = service.simulator!.url;
    const put = await fetch(`${simulatorUrl}/admin/verdicts`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ type: 33, next: 1, state: 'rejected', codes: [{ code: 'CAF-3-517', detail: 'CAF vencido' }] }] }),
    });
    expect(put.status).toBe(200);
    const rejected = await issueAndSettle(33);
    expect(rejected.state).toBe('rejected');
    expect(rejected.codes).toEqual([expect.objectContaining({ code: 'CAF-3-517' })]);
    expect((await issueAndSettle(33)).state).toBe('accepted');
  }, 60_000);

  it('accepts the next factura exenta with reparos, and refuses a code the catalog does not have', async () => {
    service.simulator!.setVerdicts({ rules: [{ type: 34, next: 1, state: 'accepted_with_repairs', codes: [{ code: 'HED-2-223' }] }] });
    const repaired = await issueAndSettle(34);
    expect(repaired.state).toBe('accepted_with_repairs');
    const refused = await fetch(`${service.simulator!.url}/admin/verdicts`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ type: 33, folio: 7, state: 'rejected', codes: [{ code: 'DTE-3-999' }] }] }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/DTE-3-999|not in the code catalog/);
  }, 60_000);
});
