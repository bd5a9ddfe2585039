import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY, createTestApp, facturaRequest, jsonHeaders, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp;
let admin: string;
/** The app on a real socket, for what inject() cannot show. */
let address: URL;

beforeAll(async () => {
  test = await createTestApp({ config: { bodyLimitBytes: 4096 } });
  admin = await tokenFor('admin');
  address = new URL(await test.app.listen({ port: 0, host: '127.0.0.1' }));
});

afterAll(() => test.close());

function post(url: string, payload: string | Buffer, contentType?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
  if (contentType !== undefined) headers['content-type'] = contentType;
  return test.app.inject({ method: 'POST', url, headers, payload });
}

/** A GET sent as written: node:http keeps the path as given, dot segments and escapes included. */
function rawGet(url: URL, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/**
 * Writes a POST with `body` to the socket, waits until every byte is written, and only then reads
 * the answer, as simple clients do. A server that closes the connection with unread data resets it,
 * and the write or the read fails.
 */
async function sendWholeBodyThenRead(address: URL, framing: 'content-length' | 'chunked', body: Buffer): Promise<string> {
  const socket = connect(Number(address.port), address.hostname);
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const closed = new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('error', reject);
  });
  const head = [
    'POST /v1/documents HTTP/1.1', `Host: ${address.host}`, `Authorization: Bearer ${admin}`, 'Content-Type: application/json',
    framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`, '', '',
  ].join('\r\n');
  const framed = framing === 'chunked'
    ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])
    : body;
  await new Promise<void>((resolve, reject) => socket.write(Buffer.concat([Buffer.from(head), framed]), (error) => (error ? reject(error) : resolve())));
  await closed;
  return Buffer.concat(received).toString('utf8');
}

describe('requests a client got wrong are 4xx, never 500', () => {
  it('answers 400 with the parser\'s message for malformed JSON', async () => {
    const response = await post('/v1/documents', '{"Encabezado": {"IdDoc": }', 'application/json');
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ code: 'MALFORMED_REQUEST', status: 400, type: 'urn:dte:problem:malformed-request' });
    expect(problem['detail']).toMatch(/^The body is not valid JSON: .*(Unexpected token|JSON).*\.$/);
  });

  it('answers 400 for an empty body, bytes that are not UTF-8, and __proto__ keys', async () => {
    const empty = await post('/v1/documents', '', 'application/json');
    const latin1 = await post('/v1/documents', Buffer.from('{"NmbItem": "Cajón"}', 'latin1'), 'application/json');
    const poisoned = await post('/v1/documents', '{"Encabezado": {"__proto__": {"admin": true}}}', 'application/json');
    for (const response of [empty, latin1, poisoned]) {
      expect(response.statusCode).toBe(400);
      expect(problemOf(response)['code']).toBe('MALFORMED_REQUEST');
    }
    expect(problemOf(latin1)['detail']).toContain('not UTF-8');
    const deep = await post('/v1/documents', `{"a": ${'['.repeat(1000)}${']'.repeat(1000)}}`, 'application/json');
    expect(deep.statusCode).toBe(400);
    expect(problemOf(deep)['detail']).toBe('The body nests objects and arrays deeper than 32 levels.');
    const quoted = await post('/v1/documents', JSON.stringify({ ...facturaRequest(), note: '[[[['.repeat(20) }), 'application/json');
    expect(quoted.statusCode).toBe(201);
    expect(test.documents.callsOf('issue')).toHaveLength(1);
  });

  it('reads JSON in ISO-8859-1 when the Content-Type says so', async () => {
    const body = Buffer.from(JSON.stringify(facturaRequest()), 'latin1');
    const response = await post('/v1/documents', body, 'application/json; charset=ISO-8859-1');
    expect(response.statusCode).toBe(201);
    const request = test.documents.callsOf('issue').at(-1)?.arguments[0] as { request: { Detalle: { NmbItem: string }[] } };
    expect(request.request.Detalle[0]?.NmbItem).toBe('Cajón');
  });

  it('answers 415 for a wrong or missing Content-Type, before reading the body', async () => {
    const cases = [
      await post('/v1/documents', JSON.stringify(facturaRequest()), 'text/plain'),
      await post('/v1/documents', '<DTE/>', 'application/xml'),
      await post('/v1/documents', JSON.stringify(facturaRequest())),
      await post(`/v1/companies/${COMPANY}/cafs`, '{"caf": 1}', 'application/json'),
      await post(`/v1/companies/${COMPANY}/certificate`, 'pkcs12=AAAA', 'application/x-www-form-urlencoded'),
    ];
    for (const response of cases) {
      expect(response.statusCode).toBe(415);
      expect(problemOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
    }
    expect(problemOf(cases[0]!)['detail']).toBe('This route takes application/json; the request is text/plain.');
    expect(test.documents.callsOf('issue')).toHaveLength(2);
    expect(test.companies.calls).toEqual([]);
  });

  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const large = JSON.stringify({ ...facturaRequest(), Detalle: Array.from({ length: 200 }, () => ({ NmbItem: 'x'.repeat(40) })) });
    const response = await post('/v1/documents', large, 'application/json');
    expect(response.statusCode).toBe(413);
    expect(problemOf(response)).toMatchObject({ code: 'BODY_TOO_LARGE', detail: 'The body is larger than 4096 bytes.' });
    const caf = await post(`/v1/companies/${COMPANY}/cafs`, `<AUTORIZACION>${'x'.repeat(5000)}</AUTORIZACION>`, 'application/xml');
    expect(caf.statusCode).toBe(413);
    // Without a Content-Length, the limit applies while reading.
    const streamed = await test.app.inject({
      method: 'POST', url: '/v1/documents', headers: jsonHeaders(admin), payload: Readable.from([large.slice(0, 3000), large.slice(3000)]),
    });
    expect(streamed.statusCode).toBe(413);
  });

  it('answers 413 to a client that sends the whole of a 5 MiB body before reading, instead of resetting it', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 0x20);
    for (const framing of ['content-length', 'chunked'] as const) {
      const answer = await sendWholeBodyThenRead(address, framing, body);
      expect(answer, framing).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer, framing).toContain('application/problem+json');
      expect(answer, framing).toContain('"code":"BODY_TOO_LARGE"');
    }
  });

  it('answers 422 naming each number past 2^53, which JSON.parse would round to another number', async () => {
    const calls = test.documents.callsOf('issue').length;
    const body = `{"odoo": {"model": "account.move", "id": 18446744073709551616}, "Detalle": [{"QtyItem": 1e400}, {"PrcItem": 9007199254740992}], "note": "12345678901234567890"}`;
    const response = await post('/v1/documents', body, 'application/json');
    expect(response.statusCode).toBe(422);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'The body has numbers too large to be read exactly.' });
    expect((problem['problems'] as { pointer: string }[]).map((entry) => entry.pointer)).toEqual(['/odoo/id', '/Detalle/0/QtyItem', '/Detalle/1/PrcItem']);
    expect((problem['problems'] as { message: string }[])[0]!.message).toMatch(/^id is past 9007199254740991, the largest whole number/);
    expect(test.documents.callsOf('issue')).toHaveLength(calls);
    // The largest safe integer, exponents that stay below it, and fractions pass.
    const fine = await post('/v1/documents', JSON.stringify({ ...facturaRequest(), odoo: { model: 'account.move', id: 9007199254740991 } }).replace('"QtyItem":123', '"QtyItem":1.23e2'), 'application/json');
    expect(fine.statusCode).toBe(201);
  });

  it('refuses CAF uploads with a DOCTYPE, entities or UTF-16 before the service parses them', async () => {
    const attacks = [
      '<?xml version="1.0"?>\n<!DOCTYPE AUTORIZACION [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<AUTORIZACION>&xxe;</AUTORIZACION>',
      '<?xml version="1.0"?><!doctype lolz [<!entity lol "lol">]><AUTORIZACION>&lol;</AUTORIZACION>',
      '<AUTORIZACION><!ENTITY x "y"></AUTORIZACION>',
    ];
    for (const xml of attacks) {
      const response = await post(`/v1/companies/${COMPANY}/cafs`, Buffer.from(xml, 'latin1'), 'application/xml');
      expect(response.statusCode, xml).toBe(422);
      expect(problemOf(response)).toMatchObject({ code: 'XML_INVALID', detail: expect.stringContaining('DOCTYPE or entities') });
    }
    const utf16 = await post(`/v1/companies/${COMPANY}/cafs`, Buffer.from('\ufeff<!DOCTYPE x><AUTORIZACION/>', 'utf16le'), 'text/xml');
    expect(utf16.statusCode).toBe(422);
    const empty = await post(`/v1/companies/${COMPANY}/cafs`, Buffer.alloc(0), 'text/xml');
    expect(empty.statusCode).toBe(422);
    expect(test.companies.calls).toEqual([]);
  });

  it('answers 422 for a path RUT that is not a RUT', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/v1/companies/76192083-8/folios', headers: { authorization: `Bearer ${admin}` } });
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)['problems']).toEqual([{ pointer: 'rut', message: 'rut must be a RUT with its check digit, such as 76192083-9' }]);
  });

  it("answers paths with '..', bad escapes and files the docs server refuses with a 4xx problem, over a real socket", async () => {
    // inject() resolves dot segments before the app sees them; a client on a socket need not.
    const cases: Array<[string, number, string]> = [
      ['/docs/static/../../package.json', 400, "The path has a '..' segment: ask for a resource by its own path."],
      ['/docs/static/%2e%2e/%2E%2E/package.json', 400, "The path has a '..' segment: ask for a resource by its own path."],
      ['/docs/static/..%2f..%2fpackage.json', 400, "The path has a '..' segment: ask for a resource by its own path."],
      ['/docs/static/..\\package.json', 400, "The path has a '..' segment: ask for a resource by its own path."],
      ['/v1/documents/../companies', 400, "The path has a '..' segment: ask for a resource by its own path."],
      ['/docs/static/%00', 400, 'The request was refused: Bad Request.'],
      ['/docs/static/a%ZZ', 400, 'The path is not a valid URL: a % must start an escape of two hexadecimal digits.'],
      ['/docs/static/.env', 404, 'There is no GET /docs/static/.env.'],
    ];
    for (const [path, status, detail] of cases) {
      const response = await rawGet(address, path);
      expect(response.status, path).toBe(status);
      expect(response.type, path).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(response.body), path).toMatchObject({ status, detail });
    }
    expect((await rawGet(address, '/docs/static/swagger-ui.css')).status).toBe(200);
    expect(test.logs()).not.toContain('"level":50');
  });

  it('answers 404 as a problem for an unknown route', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/v2/nothing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toMatchObject({ code: 'NOT_FOUND', detail: 'There is no GET /v2/nothing.', instance: '/v2/nothing' });
  });
});

describe('failures of our own', () => {
  it('answers 500 with a generic detail, no stack, and logs the error', async () => {
    test.documents.failure = new Error('connection to 10.0.0.5:5432 refused');
    const response = await test.app.inject({ method: 'GET', url: '/v1/documents', headers: jsonHeaders(admin) });
    test.documents.failure = undefined;
    expect(response.statusCode).toBe(500);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ code: 'INTERNAL', status: 500 });
    expect(response.body).not.toContain('10.0.0.5');
    expect(response.body).not.toContain('at ');
    expect(test.logs()).toContain('connection to 10.0.0.5:5432 refused');
    expect(test.logs()).toContain(String(problem['requestId']));
  });
});
