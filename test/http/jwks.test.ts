import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwksAuthenticator } from '../../src/http/auth/authenticator.ts';
import { COMPANY, createTestApp, problemOf, type TestApp } from './support/test-app.ts';

const ISSUER = 'https://login.example.cl/';
const AUDIENCE = 'dte-api';

let server: Server;
let jwksUrl: string;
let privateKey: CryptoKey;
let publicJwk: JWK;
let strangerKey: CryptoKey;
let test: TestApp;
let requests = 0;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  test = await createTestApp({ auth: createJwksAuthenticator({ jwksUrl, issuer: ISSUER, audience: AUDIENCE }) });
});

afterAll(async () => {
  await test.close();
  await new Promise((resolve) => server.close(resolve));
});

interface Signing {
  issuer?: string;
  audience?: string;
  key?: CryptoKey;
  kid?: string;
}

function sign(options: Signing = {}): Promise<string> {
  return new SignJWT({ role: 'viewer', companies: [COMPANY] })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1' })
    .setSubject('oauth-user')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(options.key ?? privateKey);
}

function list(token: string) {
  return test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${token}` } });
}

describe('tokens from an OAuth2 provider (JWKS)', () => {
  it('accepts a token signed by a key of the JWKS, with the right issuer and audience', async () => {
    const response = await list(await sign());
    expect(response.statusCode).toBe(200);
    expect(test.documents.callsOf('list').at(-1)?.actor).toMatchObject({ subject: 'oauth-user', role: 'viewer', companies: [COMPANY] });
    expect(requests).toBeGreaterThan(0);
  });

  it('refuses another issuer or audience with 401 naming the claim', async () => {
    const issuer = await list(await sign({ issuer: 'https://evil.example/' }));
    expect(issuer.statusCode).toBe(401);
    expect(problemOf(issuer)['detail']).toBe("The token's iss claim is not accepted here.");
    const audience = await list(await sign({ audience: 'another-api' }));
    expect(audience.statusCode).toBe(401);
    expect(problemOf(audience)['detail']).toBe("The token's aud claim is not accepted here.");
  });

  it('refuses a token signed by a key not in the JWKS, and an HS256 token made with the public key', async () => {
    expect((await list(await sign({ key: strangerKey }))).statusCode).toBe(401);
    expect((await list(await sign({ key: strangerKey, kid: 'key-2' }))).statusCode).toBe(401);
    const confused = await new SignJWT({ role: 'admin', companies: [COMPANY] })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    expect((await list(confused)).statusCode).toBe(401);
  });

  it('answers 503, not 401, when the provider cannot be reached', async () => {
    const unreachable = await createTestApp({
      auth: createJwksAuthenticator({ jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: ISSUER, audience: AUDIENCE }, { timeoutMs: 1000 }),
    });
    try {
      const response = await unreachable.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${await sign()}` } });
      expect(response.statusCode).toBe(503);
      expect(problemOf(response)).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
      expect(response.headers['retry-after']).toBe('30');
    } finally {
      await unreachable.close();
    }
  });
});
