import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createAuthenticator } from '../../src/http/auth/authenticator.ts';
import { COMPANY, createTestApp, facturaRequest, jsonHeaders, OTHER_COMPANY, problemOf, SECRET, tokenFor, type TestApp } from './support/test-app.ts';
import { documentView } from './support/fake-services.ts';

let test: TestApp;

beforeEach(async () => {
  test = await createTestApp();
});

afterEach(() => test.close());

describe('authentication', () => {
  it('answers 401 with a bare Bearer challenge without a token', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/v1/documents' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="dte"');
    const problem = problemOf(response);
    expect(problem).toMatchObject({ status: 401, code: 'UNAUTHORIZED', type: 'urn:dte:problem:unauthorized', instance: '/v1/documents' });
    expect(problem['detail']).toContain('Authorization: Bearer');
    expect(test.documents.calls).toEqual([]);
  });

  it('answers 401 invalid_token for a token signed with another secret, or not a JWT', async () => {
    const forged = await tokenFor('admin', [COMPANY], { secret: 'another-secret-that-is-also-long-enough!!' });
    for (const authorization of [`Bearer ${forged}`, 'Bearer not.a.token', 'Basic dXNlcjpwYXNz']) {
      const response = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="dte", error="invalid_token", error_description="[^"]+"$/);
    }
    expect(test.documents.calls).toEqual([]);
  });

  it('answers 401 for an expired token and says so', async () => {
    const expired = await tokenFor('admin', [COMPANY], { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 3600 });
    const response = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${expired}` } });
    expect(response.statusCode).toBe(401);
    expect(problemOf(response)['detail']).toBe('The token has expired: get a new one.');
  });

  it('refuses a token that expired 10 s ago and takes one that expired 2 s ago (default tolerance, 5 s)', async () => {
    const expiredAgo = (seconds: number) => tokenFor('admin', [COMPANY], { now: new Date(Date.now() - (3600 + seconds) * 1000), ttlSeconds: 3600 });
    const late = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${await expiredAgo(10)}` } });
    expect(late.statusCode).toBe(401);
    expect(problemOf(late)['detail']).toBe('The token has expired: get a new one.');
    const justExpired = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${await expiredAgo(2)}` } });
    expect(justExpired.statusCode).toBe(200);
  });

  it('takes the clock tolerance from JWT_CLOCK_TOLERANCE_SECONDS, on exp and on nbf', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const issuedAt = (secondsBeforeNow: number) => new Date(now.getTime() - secondsBeforeNow * 1000);
    const expiredTenSecondsAgo = await tokenFor('admin', [COMPANY], { now: issuedAt(3610), ttlSeconds: 3600 });
    const verify = async (tolerance: string | undefined, token: string) => {
      const config = loadConfig(tolerance === undefined ? {} : { JWT_CLOCK_TOLERANCE_SECONDS: tolerance });
      const auth = createAuthenticator(config.auth, SECRET, { now: () => now });
      return auth.verify(token).then(() => 'accepted', (error: Error) => error.message);
    };
    expect(loadConfig({}).auth.clockToleranceSeconds).toBe(5);
    expect(await verify(undefined, expiredTenSecondsAgo)).toBe('The token has expired: get a new one.');
    expect(await verify('9', expiredTenSecondsAgo)).toBe('The token has expired: get a new one.');
    expect(await verify('11', expiredTenSecondsAgo)).toBe('accepted');
    expect(await verify('0', await tokenFor('admin', [COMPANY], { now: issuedAt(3601), ttlSeconds: 3600 }))).toBe('The token has expired: get a new one.');
    // A token not valid before 8 s from now: within a 10 s tolerance, not within the default.
    const { SignJWT } = await import('jose');
    const early = await new SignJWT({ role: 'admin', companies: [COMPANY] }).setProtectedHeader({ alg: 'HS256' }).setSubject('early')
      .setNotBefore(Math.floor(now.getTime() / 1000) + 8).setExpirationTime(Math.floor(now.getTime() / 1000) + 600).sign(new TextEncoder().encode(SECRET));
    expect(await verify(undefined, early)).not.toBe('accepted');
    expect(await verify('10', early)).toBe('accepted');
  });

  it('answers 401 for a token without companies or with an unknown role', async () => {
    const { SignJWT } = await import('jose');
    const key = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone').setExpirationTime('1h').sign(key);
    for (const claims of [{ role: 'admin' }, { role: 'root', companies: [COMPANY] }, { role: 'admin', companies: ['76192083-8'] }]) {
      const token = await sign(claims);
      const response = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode, JSON.stringify(claims)).toBe(401);
      expect(problemOf(response)['detail']).toMatch(/^The token's (companies|role) claim is missing or wrong\.$/);
    }
  });

  it('lets public routes through without a token, but not the metrics', async () => {
    for (const url of ['/healthz', '/readyz', '/openapi.json', '/docs']) {
      const response = await test.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBeLessThan(400);
    }
    expect((await test.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });
});

describe('roles and companies', () => {
  it('answers 403 to a viewer issuing, before the body is read or the service called', async () => {
    const token = await tokenFor('viewer');
    const response = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(token), payload: facturaRequest() });
    expect(response.statusCode).toBe(403);
    expect(problemOf(response)).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('viewer') });
    expect(test.documents.calls).toEqual([]);
  });

  it('answers 403 to an agent retrying and to an issuer loading a CAF or a certificate', async () => {
    const document = test.documents.add(documentView({ state: 'failed' }));
    const agent = await tokenFor('agent');
    const retry = await test.app.inject({ method: 'POST', url: `/v1/documents/${document.id}/retry`, headers: { authorization: `Bearer ${agent}` } });
    expect(retry.statusCode).toBe(403);
    const issuer = await tokenFor('issuer');
    const caf = await test.app.inject({
      method: 'POST', url: `/v1/companies/${COMPANY}/cafs`, headers: { authorization: `Bearer ${issuer}`, 'content-type': 'application/xml' }, payload: '<AUTORIZACION/>',
    });
    expect(caf.statusCode).toBe(403);
    const certificate = await test.app.inject({
      method: 'POST', url: `/v1/companies/${COMPANY}/certificate`, headers: jsonHeaders(issuer), payload: { pkcs12: 'AAAA', password: 'x' },
    });
    expect(certificate.statusCode).toBe(403);
    expect(test.documents.callsOf('retry')).toEqual([]);
    expect(test.companies.calls).toEqual([]);
  });

  it("answers 403 for another company's document, its XML and its retry", async () => {
    const foreign = test.documents.add(documentView({ companyRut: OTHER_COMPANY }));
    const token = await tokenFor('issuer');
    for (const [method, url] of [['GET', `/v1/documents/${foreign.id}`], ['GET', `/v1/documents/${foreign.id}/xml`], ['POST', `/v1/documents/${foreign.id}/retry`]] as const) {
      const response = await test.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode, url).toBe(403);
      expect(problemOf(response)['code']).toBe('FORBIDDEN');
    }
    expect(test.documents.callsOf('xml')).toEqual([]);
    expect(test.documents.callsOf('retry')).toEqual([]);
  });

  it('answers 403 when the Emisor is not one of the token\'s companies, without calling the service', async () => {
    const token = await tokenFor('issuer', [COMPANY]);
    const response = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(token), payload: facturaRequest(OTHER_COMPANY) });
    expect(response.statusCode).toBe(403);
    expect(problemOf(response)['detail']).toContain(OTHER_COMPANY);
    expect(test.documents.calls).toEqual([]);
  });

  it("compares RUTs in canonical form and refuses another company's path and list", async () => {
    const token = await tokenFor('admin', ['76.192.083-9']);
    const mine = await test.app.inject({ method: 'GET', url: '/v1/companies/76192083-9/folios', headers: { authorization: `Bearer ${token}` } });
    expect(mine.statusCode).toBe(200);
    const dotted = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(token), payload: facturaRequest('76.192.083-9') });
    expect(dotted.statusCode).toBe(201);
    for (const url of [`/v1/companies/${OTHER_COMPANY}/folios`, `/v1/documents?company=${OTHER_COMPANY}`]) {
      const response = await test.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode, url).toBe(403);
    }
    expect(test.companies.calls.map((call) => call.arguments[0])).toEqual([COMPANY]);
    expect(test.documents.callsOf('list')).toEqual([]);
  });

  it('passes the verified actor to the service', async () => {
    const token = await tokenFor('viewer', [COMPANY, OTHER_COMPANY], { subject: 'odoo-prod' });
    const response = await test.app.inject({
      method: 'GET', url: `/v1/documents?company=${OTHER_COMPANY}&type=33&limit=10`, headers: { authorization: `Bearer ${token}`, 'user-agent': 'odoo/19' },
    });
    expect(response.statusCode).toBe(200);
    const [call] = test.documents.callsOf('list');
    expect(call?.actor).toMatchObject({ subject: 'odoo-prod', role: 'viewer', companies: [COMPANY, OTHER_COMPANY], userAgent: 'odoo/19' });
    expect(call?.arguments[0]).toEqual({ companyRut: OTHER_COMPANY, type: 33, limit: 10 });
  });
});
