import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentView } from './support/fake-services.ts';
import { COMPANY, createTestApp, OTHER_COMPANY, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp;

beforeEach(async () => {
  test = await createTestApp();
});

afterEach(() => test.close());

async function get(url: string, role: 'viewer' | 'issuer' | 'admin' | 'agent' = 'viewer', companies = [COMPANY]) {
  return test.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await tokenFor(role, companies)}` } });
}

describe('GET /v1/documents/:id/envelopes', () => {
  it.each(['viewer', 'issuer', 'admin', 'agent'] as const)("lists a %s the envelopes the service gives, as it gives them", async (role) => {
    const document = test.documents.add(documentView({ type: 33, folio: 12, trackId: '253000001' }));
    const response = await get(`/v1/documents/${document.id}/envelopes`, role);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      items: [{
        id: `envelope-of-${document.id}`, state: 'processed', trackId: '253000001', attempts: 1, documentIds: [document.id],
        detail: { state: 'EPR' }, createdAt: document.createdAt, updatedAt: document.updatedAt,
      }],
    });
    expect(test.documents.callsOf('envelopes').map((call) => call.arguments)).toEqual([[document.id]]);
  });

  it("refuses another company's document with 403, an unknown one with 404 and no token with 401", async () => {
    const other = test.documents.add(documentView({ companyRut: OTHER_COMPANY }));
    expect((await get(`/v1/documents/${other.id}/envelopes`)).statusCode).toBe(403);
    expect((await get('/v1/documents/no-such-document/envelopes')).statusCode).toBe(404);
    expect(test.documents.callsOf('envelopes')).toEqual([]);
    expect((await test.app.inject({ method: 'GET', url: `/v1/documents/${other.id}/envelopes` })).statusCode).toBe(401);
  });
});
