import { afterEach, describe, expect, it } from 'vitest';
import type { HealthCheck } from '../../src/app/ports/index.ts';
import { buildMetricsApp } from '../../src/http/metrics-app.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createTestApp, facturaRequest, jsonHeaders, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp | undefined;

afterEach(() => test?.close());

const passing: HealthCheck = { name: 'database', check: async () => ({ ok: true }) };

describe('health and readiness', () => {
  it('answers /healthz and /readyz with 200 when every check passes', async () => {
    test = await createTestApp({ health: [passing, { name: 'queue', check: async () => ({ ok: true, detail: 'in-process' }) }] });
    expect((await test.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await test.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: [{ name: 'database', ok: true }, { name: 'queue', ok: true, detail: 'in-process' }] });
  });

  it('answers /readyz with 503 when a check fails or throws, hiding what it threw', async () => {
    test = await createTestApp({
      health: [
        passing,
        { name: 'sii', check: async () => ({ ok: false, detail: 'maullin.sii.cl did not answer' }) },
        { name: 'queue', check: async () => { throw new Error('redis://:s3cret@10.0.0.9 refused'); } },
      ],
    });
    const response = await test.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'unavailable',
      checks: [
        { name: 'database', ok: true },
        { name: 'sii', ok: false, detail: 'maullin.sii.cl did not answer' },
        { name: 'queue', ok: false, detail: 'the check failed; see the logs' },
      ],
    });
    expect(response.body).not.toContain('s3cret');
  });
});

describe('/metrics', () => {
  it('exposes the request duration histogram by method, route pattern and status, to an admin token', async () => {
    test = await createTestApp();
    const token = await tokenFor('issuer');
    const issued = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(token), payload: facturaRequest() });
    await test.app.inject({ method: 'GET', url: `/v1/documents/${issued.json().id}`, headers: jsonHeaders(token) });
    await test.app.inject({ method: 'GET', url: '/v1/documents/unknown-id', headers: jsonHeaders(token) });
    await test.app.inject({ method: 'GET', url: '/no/such/path' });
    test.metrics.setFoliosLeft('76192083-9', 33, 41);
    const response = await test.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${await tokenFor('admin')}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toContain('# TYPE dte_http_request_duration_seconds histogram');
    expect(text).toMatch(/dte_http_request_duration_seconds_count\{method="POST",route="\/v1\/documents",status_code="201"\} 1/);
    expect(text).toMatch(/dte_http_request_duration_seconds_count\{method="GET",route="\/v1\/documents\/:id",status_code="200"\} 1/);
    expect(text).toMatch(/dte_http_request_duration_seconds_count\{method="GET",route="\/v1\/documents\/:id",status_code="404"\} 1/);
    expect(text).toMatch(/dte_http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
    expect(text).not.toContain('unknown-id');
    expect(text).toContain('dte_folios_left{company="76192083-9",type="33"} 41');
  });

  it('refuses the metrics, whose labels carry RUTs, without a token (401) and to other roles (403)', async () => {
    test = await createTestApp();
    test.metrics.setFoliosLeft('76192083-9', 33, 41);
    const anonymous = await test.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(problemOf(anonymous)['code']).toBe('UNAUTHORIZED');
    expect(anonymous.body).not.toContain('76192083-9');
    const viewer = await test.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${await tokenFor('viewer')}` } });
    expect(viewer.statusCode).toBe(403);
  });

  it('with METRICS_TOKEN, takes that bearer token and nothing else, not even an admin JWT', async () => {
    const metricsToken = 'a-metrics-token-for-prometheus';
    test = await createTestApp({ config: { metrics: { token: metricsToken, port: null } } });
    const ask = (authorization?: string) => test!.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
    const missing = await ask();
    expect(missing.statusCode).toBe(401);
    expect(problemOf(missing)['detail']).toBe('The metrics need a token: send Authorization: Bearer <METRICS_TOKEN>.');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="dte"');
    for (const wrong of [`Bearer ${metricsToken}x`, `Bearer ${await tokenFor('admin')}`, metricsToken, `Basic ${metricsToken}`]) {
      const refused = await ask(wrong);
      expect(refused.statusCode, wrong).toBe(401);
      expect(refused.headers['www-authenticate'], wrong).toContain('error="invalid_token"');
    }
    const accepted = await ask(`Bearer ${metricsToken}`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('dte_http_request_duration_seconds');
  });

  it('with METRICS_PORT, serves no metrics on the API port; the metrics listener serves them, behind METRICS_TOKEN when set', async () => {
    test = await createTestApp({ config: { metrics: { token: null, port: 9464 } } });
    const onApi = await test.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${await tokenFor('admin')}` } });
    expect(onApi.statusCode).toBe(404);
    const open = await buildMetricsApp({ metrics: test.metrics, logger: createLogger({ level: 'silent' }), token: null });
    const guarded = await buildMetricsApp({ metrics: test.metrics, logger: createLogger({ level: 'silent' }), token: 'a-metrics-token-for-prometheus' });
    try {
      expect((await open.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
      expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      const allowed = await guarded.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-for-prometheus' } });
      expect(allowed.statusCode).toBe(200);
      const elsewhere = await open.inject({ method: 'GET', url: '/v1/documents' });
      expect([elsewhere.statusCode, problemOf(elsewhere)['code']]).toEqual([404, 'NOT_FOUND']);
    } finally {
      await open.close();
      await guarded.close();
    }
  });
});

describe('OpenAPI', () => {
  it('serves /openapi.json with every route, the bearer scheme and the problem schema', async () => {
    test = await createTestApp();
    const response = await test.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = JSON.parse(response.body);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/healthz', '/metrics', '/readyz',
      '/v1/companies/{rut}/cafs', '/v1/companies/{rut}/certificate', '/v1/companies/{rut}/folios',
      '/v1/documents', '/v1/documents/{id}', '/v1/documents/{id}/envelopes', '/v1/documents/{id}/pdf', '/v1/documents/{id}/retry', '/v1/documents/{id}/xml',
    ]);
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(document.components.schemas.Problem.properties.problems).toBeDefined();
    const issue = document.paths['/v1/documents'].post;
    expect(Object.keys(issue.requestBody.content)).toEqual(['application/json']);
    expect(issue.requestBody.content['application/json'].schema.properties).toHaveProperty('Encabezado');
    expect(issue.requestBody.content['application/json'].schema.properties).toHaveProperty('callbackUrl');
    expect(issue.parameters.map((parameter: { name: string }) => parameter.name)).toContain('idempotency-key');
    expect(Object.keys(issue.responses)).toEqual(expect.arrayContaining(['200', '201', '4XX', '5XX']));
    expect(Object.keys(document.paths['/v1/companies/{rut}/cafs'].post.requestBody.content)).toEqual(['application/xml', 'text/xml']);
    expect(document.paths['/healthz'].get.security).toEqual([]);
  });

  it('serves the docs page', async () => {
    test = await createTestApp();
    const response = await test.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
