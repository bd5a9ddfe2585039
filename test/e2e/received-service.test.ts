/**
 * The running service serves /v1/received as `npm start` builds it: an envelope posted for the demo
 * company is checked, kept and answered. Its documents carry CAFs of another test authority than the
 * service's own, so the CAF check refuses them (99) while the envelope itself is received (0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANY, startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';
import { supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';

describe('/v1/received on the embedded service', () => {
  let embedded: EmbeddedService;
  beforeAll(async () => {
    embedded = await startEmbeddedService();
  });
  afterAll(async () => embedded?.close());

  it('takes an envelope for the demo company, keeps it, and lists its documents', async () => {
    const envelope = await supplierEnvelope([await supplierFactura(461, DEMO_COMPANY)], DEMO_COMPANY);
    const token = await embedded.token('issuer');
    const response = await fetch(`${embedded.url}/v1/received?fileName=envio.xml`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, body: envelope,
    });
    expect(response.status).toBe(201);
    const body = await response.json() as { status: { code: number }; documents: Array<{ status: { code: number; detail: string }; state: string }> };
    expect(body.status.code).toBe(0);
    expect(body.documents.map((document) => [document.status.code, document.state])).toEqual([[99, 'refused']]);
    expect(body.documents[0]!.status.detail).toMatch(/CAF/);
    const listed = await embedded.call('GET', '/v1/received?state=refused', token);
    expect(listed.status).toBe(200);
    expect(listed.json.items).toHaveLength(1);
  });
});
