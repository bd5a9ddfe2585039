import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { documentView } from './support/fake-services.ts';
import { COMPANY, createTestApp, facturaRequest, jsonHeaders, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp;
let issuer: string;

beforeEach(async () => {
  test = await createTestApp();
  issuer = await tokenFor('issuer');
});

afterEach(() => test.close());

describe('POST /v1/documents', () => {
  it('issues with 201, a Location and the document with its links', async () => {
    const response = await test.app.inject({
      method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer),
      payload: { ...facturaRequest(), callbackUrl: 'https://erp.example.cl/dte', odoo: { model: 'account.move', id: 42 } },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ companyRut: COMPANY, type: 33, folio: 1, state: 'signed', callbackUrl: 'https://erp.example.cl/dte' });
    expect(body.links).toEqual({ self: `/v1/documents/${body.id}`, xml: `/v1/documents/${body.id}/xml`, pdf: `/v1/documents/${body.id}/pdf` });
    expect(response.headers['location']).toBe(`/v1/documents/${body.id}`);
    const [call] = test.documents.callsOf('issue');
    // The extra keys are taken off the request and passed beside it.
    expect(call?.arguments[0]).toEqual({
      request: facturaRequest(), callbackUrl: 'https://erp.example.cl/dte', odoo: { model: 'account.move', id: 42 },
    });
  });

  it('passes the Idempotency-Key and answers 200 on a replay, 409 for the same key with another body', async () => {
    const headers = jsonHeaders(issuer, { 'idempotency-key': 'odoo-invoice-42' });
    const first = await test.app.inject({ method: 'POST', url: '/v1/documents', headers, payload: facturaRequest() });
    const again = await test.app.inject({ method: 'POST', url: '/v1/documents', headers, payload: facturaRequest() });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(test.documents.callsOf('issue').map((call) => (call.arguments[0] as { idempotencyKey?: string }).idempotencyKey))
      .toEqual(['odoo-invoice-42', 'odoo-invoice-42']);
    const other = { ...facturaRequest(), Detalle: [{ NmbItem: 'Otro', QtyItem: 1, PrcItem: 1 }] };
    const conflict = await test.app.inject({ method: 'POST', url: '/v1/documents', headers, payload: other });
    expect(conflict.statusCode).toBe(409);
    expect(problemOf(conflict)).toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining('odoo-invoice-42') });
  });

  it('refuses an Idempotency-Key that is too long or not printable ASCII', async () => {
    const response = await test.app.inject({
      method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer, { 'idempotency-key': 'x'.repeat(256) }), payload: facturaRequest(),
    });
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)['problems']).toEqual([{ pointer: 'idempotency-key', message: expect.stringContaining('idempotency-key') }]);
    expect(test.documents.calls).toEqual([]);
  });

  it("passes the service's validation problems through with their pointers, as a 422", async () => {
    test.documents.problems = [
      { pointer: '/Detalle/0/QtyItem', message: 'QtyItem must be greater than 0' },
      { pointer: '/Encabezado/Receptor/RUTRecep', message: 'RUT 77777777-6 has a wrong check digit: 77777777-7 would be valid' },
    ];
    const response = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer), payload: facturaRequest() });
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', status: 422, problems: test.documents.problems });
  });

  it('maps the errors of the service: totals mismatch 422 with both totals, no folios 409, SII down 503', async () => {
    const cases = [
      [new DteError('TOTALS_MISMATCH', 'MntTotal is 119 but the lines add up to 120.', { details: { given: { MntTotal: 119 }, computed: { MntTotal: 120 } } }), 422],
      [new DteError('CAF_EXHAUSTED', 'Company 76192083-9 has used every folio of type 33.', { details: { companyRut: COMPANY, type: 33 } }), 409],
      [new DteError('SII_UNAVAILABLE', 'maullin.sii.cl did not answer.', { details: { host: 'maullin.sii.cl' } }), 503],
    ] as const;
    for (const [error, status] of cases) {
      test.documents.failure = error;
      const response = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer), payload: facturaRequest() });
      expect(response.statusCode, error.code).toBe(status);
      const problem = problemOf(response);
      expect(problem).toMatchObject({ code: error.code, detail: error.message });
      // Details reach the client for 4xx only.
      expect(problem['details']).toEqual(status < 500 ? error.details : undefined);
    }
  });

  it('refuses a callbackUrl that is not http(s), and a body that is not an object', async () => {
    const ftp = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer), payload: { ...facturaRequest(), callbackUrl: 'ftp://example.cl/x' } });
    expect(ftp.statusCode).toBe(422);
    expect(problemOf(ftp)['problems']).toEqual([{ pointer: '/callbackUrl', message: expect.stringContaining('http or https') }]);
    const list = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer), payload: '[1, 2]' });
    expect(list.statusCode).toBe(422);
    expect(problemOf(list)['problems']).toEqual([{ pointer: '', message: 'the body must be object' }]);
    expect(test.documents.calls).toEqual([]);
  });

  it('refuses a callbackUrl at an internal address with 422 naming it, unless private addresses are allowed', async () => {
    for (const callbackUrl of ['http://127.0.0.1:6379/', 'http://localhost/hook', 'http://[::ffff:10.0.0.1]/', 'http://169.254.169.254/latest/meta-data/']) {
      const response = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer), payload: { ...facturaRequest(), callbackUrl } });
      expect(response.statusCode, callbackUrl).toBe(422);
      expect(problemOf(response)['problems'], callbackUrl).toEqual([{ pointer: '/callbackUrl', message: expect.stringContaining('webhooks are only sent to public addresses') }]);
    }
    expect(test.documents.calls).toEqual([]);
    const local = await createTestApp({ config: { callbackAllowPrivate: true } });
    try {
      const accepted = await local.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer), payload: { ...facturaRequest(), callbackUrl: 'http://127.0.0.1:9000/hook' } });
      expect(accepted.statusCode).toBe(201);
      const metadata = await local.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(issuer), payload: { ...facturaRequest(), callbackUrl: 'http://169.254.169.254/' } });
      expect(metadata.statusCode).toBe(422);
    } finally {
      await local.close();
    }
  });
});

describe('reading documents', () => {
  it('answers a document, and 404 for one that does not exist', async () => {
    const document = test.documents.add(documentView({ folio: 7, state: 'accepted', trackId: '123456' }));
    const viewer = await tokenFor('viewer');
    const found = await test.app.inject({ method: 'GET', url: `/v1/documents/${document.id}`, headers: { authorization: `Bearer ${viewer}` } });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual({ ...document, links: { self: `/v1/documents/${document.id}`, xml: `/v1/documents/${document.id}/xml`, pdf: `/v1/documents/${document.id}/pdf` } });
    const missing = await test.app.inject({ method: 'GET', url: '/v1/documents/nope', headers: { authorization: `Bearer ${viewer}` } });
    expect(missing.statusCode).toBe(404);
    expect(problemOf(missing)['code']).toBe('NOT_FOUND');
  });

  it('answers the XML bytes as stored, in ISO-8859-1', async () => {
    const xml = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE><NmbItem>Cajón</NmbItem></DTE>\n', 'latin1');
    const document = test.documents.add(documentView({ folio: 12 }), xml);
    const response = await test.app.inject({ method: 'GET', url: `/v1/documents/${document.id}/xml`, headers: { authorization: `Bearer ${issuer}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=ISO-8859-1');
    expect(response.headers['content-disposition']).toBe(`inline; filename="dte-${COMPANY}-33-12.xml"`);
    expect(response.rawPayload.equals(xml)).toBe(true);
  });

  it('lists a page with filters, a next link, and needs a company when the token has several', async () => {
    for (let folio = 1; folio <= 3; folio += 1) test.documents.add(documentView({ folio }));
    const response = await test.app.inject({ method: 'GET', url: '/v1/documents?state=queued&limit=2', headers: { authorization: `Bearer ${issuer}` } });
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBe('next-page');
    expect(page.links.next).toBe(`/v1/documents?state=queued&limit=2&cursor=next-page`);
    expect(test.documents.callsOf('list')[0]?.arguments[0]).toEqual({ companyRut: COMPANY, state: 'queued', limit: 2 });
    const several = await tokenFor('viewer', [COMPANY, '60910000-1']);
    const ambiguous = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: { authorization: `Bearer ${several}` } });
    expect(ambiguous.statusCode).toBe(422);
    expect(problemOf(ambiguous)['problems']).toEqual([{ pointer: 'company', message: expect.stringContaining('company is required') }]);
  });

  it('refuses bad filters with 422 naming the parameter', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/v1/documents?type=99&limit=0&company=1-1', headers: { authorization: `Bearer ${issuer}` } });
    expect(response.statusCode).toBe(422);
    const pointers = (problemOf(response)['problems'] as { pointer: string }[]).map((problem) => problem.pointer).sort();
    expect(pointers).toEqual(['limit', 'type']);
  });

  it('refuses a folio that is out of range, fractional or negative with 422 naming it, before the service is asked', async () => {
    const cases: Array<[string, string]> = [
      ['1e20', 'folio must be at most 9999999999'],
      ['9223372036854775808', 'folio must be at most 9999999999'],
      ['1e308', 'folio must be at most 9999999999'],
      ['10000000000', 'folio must be at most 9999999999'],
      ['-1', 'folio must be at least 1'],
      ['0', 'folio must be at least 1'],
      ['1.5', 'folio must be a whole number'],
    ];
    for (const [folio, message] of cases) {
      const response = await test.app.inject({ method: 'GET', url: `/v1/documents?folio=${folio}`, headers: { authorization: `Bearer ${issuer}` } });
      expect(response.statusCode, folio).toBe(422);
      expect(problemOf(response)['problems'], folio).toEqual([{ pointer: 'folio', message }]);
    }
    expect(test.documents.callsOf('list')).toEqual([]);
    const largest = await test.app.inject({ method: 'GET', url: '/v1/documents?folio=9999999999', headers: { authorization: `Bearer ${issuer}` } });
    expect(largest.statusCode).toBe(200);
    expect(test.documents.callsOf('list')[0]?.arguments[0]).toMatchObject({ folio: 9_999_999_999 });
  });

  it('retries with 202 and the document queued again', async () => {
    const document = test.documents.add(documentView({ state: 'failed' }));
    const response = await test.app.inject({ method: 'POST', url: `/v1/documents/${document.id}/retry`, headers: { authorization: `Bearer ${issuer}` } });
    expect(response.statusCode).toBe(202);
    expect(response.json().state).toBe('queued');
    test.documents.failure = new DteError('CONFLICT', `Document ${document.id} is accepted; only failed documents are retried.`);
    const refused = await test.app.inject({ method: 'POST', url: `/v1/documents/${document.id}/retry`, headers: { authorization: `Bearer ${issuer}` } });
    expect(refused.statusCode).toBe(409);
  });

  it('retries when a client sends a JSON Content-Type with no body, or an empty object; a body-taking route still refuses an empty one', async () => {
    const document = test.documents.add(documentView({ state: 'failed' }));
    const headers = { authorization: `Bearer ${issuer}`, 'content-type': 'application/json' };
    for (const payload of ['', '  ', '{}']) {
      const response = await test.app.inject({ method: 'POST', url: `/v1/documents/${document.id}/retry`, headers, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(202);
    }
    const issued = await test.app.inject({ method: 'POST', url: '/v1/documents', headers, payload: '' });
    expect(issued.statusCode).toBe(400);
    expect(issued.json().detail).toMatch(/body is empty/);
  });
});
