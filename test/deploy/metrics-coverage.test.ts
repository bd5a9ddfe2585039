import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';
import { sampleRequest } from '../support/requests.ts';
import { dashboardExpressions, DEPLOY_DIRECTORY, metricNames, missingMetrics, ruleExpressions } from './metric-names.ts';

/**
 * Every metric an alert rule or a dashboard panel reads is one the running service exports: a rule on a
 * metric that does not exist never fires, and promtool cannot tell.
 */
const RULES = join(DEPLOY_DIRECTORY, 'prometheus', 'alerts.yml');
const DASHBOARD = join(DEPLOY_DIRECTORY, 'grafana', 'dte-service.json');

let embedded: EmbeddedService;
let exposition: string;

beforeAll(async () => {
  embedded = await startEmbeddedService();
  const issuer = await embedded.token('issuer');
  const issued = await embedded.call('POST', '/v1/documents', issuer, sampleRequest(33));
  expect(issued.status).toBe(201);
  expect((await embedded.settled(issuer, issued.json.id)).state).toBe('accepted');
  expect((await embedded.call('POST', '/v1/agent/ask', issuer, { question: '¿qué es una nota de crédito?' })).status).toBe(200);
  exposition = (await embedded.service.metrics.exposition()).text;
}, 180_000);

afterAll(async () => {
  await embedded?.close();
});

describe('the metrics the alerts and the dashboard read', () => {
  it('are all exported by the service once it has issued a document and answered a question', () => {
    const expressions = [...ruleExpressions(RULES), ...(existsSync(DASHBOARD) ? dashboardExpressions(DASHBOARD) : [])];
    const named = new Set(expressions.flatMap(metricNames));
    expect(named.size).toBeGreaterThan(8);
    for (const name of ['dte_sii_calls_total', 'dte_folios_left', 'dte_documents_issued_total', 'dte_agent_answers_total']) expect(named).toContain(name);
    expect(missingMetrics(expressions, exposition)).toEqual([]);
  });

  it('say when the demo company\'s certificate expires and when its newest factura CAF stops signing, both ahead', () => {
    const now = Date.now() / 1000;
    const certificate = Number(/^dte_certificate_expiry_timestamp_seconds\{company="76192083-9"\} (\S+)$/m.exec(exposition)?.[1]);
    const caf = Number(/^dte_caf_expiry_timestamp_seconds\{company="76192083-9",type="33"\} (\S+)$/m.exec(exposition)?.[1]);
    expect(certificate).toBeGreaterThan(now);
    // A CAF dated today signs for six months: between five and seven months from now.
    expect(caf).toBeGreaterThan(now + 150 * 86400);
    expect(caf).toBeLessThan(now + 215 * 86400);
    expect(exposition).not.toMatch(/^dte_caf_expiry_timestamp_seconds\{company="76192083-9",type="61"\}/m);
  });

  it('would name a rule on a metric the service does not export', () => {
    const expressions = [...ruleExpressions(RULES), 'sum(rate(dte_sii_outages_total{operation="upload"}[5m])) > 0', 'histogram_quantile(0.9, rate(dte_issue_latency_seconds_bucket[5m]))'];
    expect(missingMetrics(expressions, exposition)).toEqual(['dte_issue_latency_seconds_bucket', 'dte_sii_outages_total']);
  });

  it('reads histogram series and skips label names, strings and Prometheus\'s own series', () => {
    const expression = 'histogram_quantile(0.95, sum by (le) (rate(dte_http_request_duration_seconds_bucket{route="dte_fake_total"}[5m]))) and up == 1';
    expect(metricNames(expression)).toEqual(['dte_http_request_duration_seconds_bucket', 'up']);
    expect(missingMetrics([expression], exposition)).toEqual([]);
  });
});
