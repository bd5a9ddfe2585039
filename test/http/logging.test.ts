import { afterEach, describe, expect, it } from 'vitest';
import { documentView } from './support/fake-services.ts';
import { COMPANY, createTestApp, facturaRequest, jsonHeaders, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp | undefined;

afterEach(() => test?.close());

function lines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('request logs', () => {
  it('never hold the bearer token, the certificate password or its bytes, even when the request fails', async () => {
    test = await createTestApp();
    const token = await tokenFor('admin');
    const password = 'contraseña-muy-secreta-123';
    const pkcs12 = Buffer.from('PKCS12-BYTES-THAT-MUST-NOT-LEAK').toString('base64');
    await test.app.inject({ method: 'POST', url: `/v1/companies/${COMPANY}/certificate`, headers: jsonHeaders(token), payload: { pkcs12, password } });
    test.companies.failure = new Error('the store broke');
    await test.app.inject({ method: 'POST', url: `/v1/companies/${COMPANY}/certificate`, headers: jsonHeaders(token), payload: { pkcs12, password } });
    await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(token), payload: '{"broken": ' });
    const logs = test.logs();
    expect(logs).toContain('the store broke');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.split('.')[2]);
    expect(logs).not.toContain(password);
    expect(logs).not.toContain(pkcs12);
    expect(logs).not.toContain('Cajón');
  });

  it('carry the request id, the caller, and the company, type and folio once known', async () => {
    test = await createTestApp();
    const token = await tokenFor('issuer', [COMPANY], { subject: 'odoo' });
    const issued = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(token), payload: facturaRequest() });
    const document = test.documents.add(documentView({ folio: 77, type: 61 }));
    await test.app.inject({ method: 'GET', url: `/v1/documents/${document.id}`, headers: jsonHeaders(token) });
    const completed = lines(test.logs()).filter((line) => line['msg'] === 'request completed');
    expect(completed[0]).toMatchObject({
      reqId: issued.headers['x-request-id'], subject: 'odoo', role: 'issuer', company: COMPANY, type: 33, folio: 1, documentId: issued.json().id,
    });
    expect(completed[1]).toMatchObject({ company: COMPANY, type: 61, folio: 77, documentId: document.id });
    expect(test.logs()).not.toContain('Cajón');
  });
});
