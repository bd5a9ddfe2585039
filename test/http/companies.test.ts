import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { COMPANY, createTestApp, jsonHeaders, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp;
let admin: string;

beforeEach(async () => {
  test = await createTestApp();
  admin = await tokenFor('admin');
});

afterEach(() => test.close());

const CAF = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<AUTORIZACION><CAF version="1.0"><DA><RE>76192083-9</RE>'
  + '<RS>COMERCIALIZADORA ÑANDÚ LTDA</RS><TD>33</TD></DA></CAF></AUTORIZACION>\n', 'latin1');

describe('POST /v1/companies/:rut/cafs', () => {
  it('hands the service the bytes as sent, ISO-8859-1 included, and answers 201', async () => {
    for (const contentType of ['application/xml', 'text/xml; charset=ISO-8859-1']) {
      const response = await test.app.inject({
        method: 'POST', url: '/v1/companies/76.192.083-9/cafs', headers: { authorization: `Bearer ${admin}`, 'content-type': contentType }, payload: CAF,
      });
      expect(response.statusCode, contentType).toBe(201);
      expect(response.json()).toEqual({ type: 33, from: 1, to: 100, authorizedOn: '2026-01-15' });
      expect(response.headers['location']).toBe(`/v1/companies/${COMPANY}/folios`);
    }
    for (const call of test.companies.calls) {
      expect(call.arguments[0]).toBe(COMPANY);
      expect((call.arguments[1] as Buffer).equals(CAF)).toBe(true);
    }
  });

  it('maps a CAF the service refuses to 422', async () => {
    test.companies.failure = new DteError('CAF_UNTRUSTED', "The CAF's FRMA does not verify against the SII's key.");
    const response = await test.app.inject({
      method: 'POST', url: `/v1/companies/${COMPANY}/cafs`, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/xml' }, payload: CAF,
    });
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)).toMatchObject({ code: 'CAF_UNTRUSTED' });
  });
});

describe('POST /v1/companies/:rut/certificate', () => {
  it('decodes the base64 PKCS#12, line breaks allowed, and passes the password', async () => {
    const pkcs12 = Buffer.from(Array.from({ length: 300 }, (_, index) => index % 256));
    const wrapped = pkcs12.toString('base64').replace(/.{76}/g, '$&\n');
    const response = await test.app.inject({
      method: 'POST', url: `/v1/companies/${COMPANY}/certificate`, headers: jsonHeaders(admin), payload: { pkcs12: wrapped, password: 'clave secreta' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ subject: 'CN=Demo', signerRut: '76192083-9' });
    const [call] = test.companies.calls;
    expect((call?.arguments[1] as Buffer).equals(pkcs12)).toBe(true);
    expect(call?.arguments[2]).toBe('clave secreta');
  });

  it('answers 422 naming the field for bad base64, a missing password or an unknown field', async () => {
    const cases = [
      [{ pkcs12: 'not base64!', password: 'x' }, ['/pkcs12']],
      [{ pkcs12: 'AAAA' }, ['/password']],
      [{ pkcs12: 'AAAA', password: 'x', alias: 'y' }, ['/alias']],
    ] as const;
    for (const [payload, pointers] of cases) {
      const response = await test.app.inject({ method: 'POST', url: `/v1/companies/${COMPANY}/certificate`, headers: jsonHeaders(admin), payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
      expect((problemOf(response)['problems'] as { pointer: string }[]).map((problem) => problem.pointer)).toEqual(pointers);
    }
    expect(test.companies.calls).toEqual([]);
  });

  it('maps a wrong password to 422 without echoing it', async () => {
    test.companies.failure = new DteError('CERTIFICATE_INVALID', 'The PKCS#12 cannot be opened with this password.');
    const response = await test.app.inject({
      method: 'POST', url: `/v1/companies/${COMPANY}/certificate`, headers: jsonHeaders(admin), payload: { pkcs12: 'AAAA', password: 'hunter2-wrong' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).not.toContain('hunter2-wrong');
  });
});

describe('GET /v1/companies/:rut/folios', () => {
  it('answers what remains per type, to every role', async () => {
    const agent = await tokenFor('agent');
    const response = await test.app.inject({ method: 'GET', url: `/v1/companies/${COMPANY}/folios`, headers: { authorization: `Bearer ${agent}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ companyRut: COMPANY, folios: [{ type: 33, left: 99, cafs: 1 }] });
  });
});
