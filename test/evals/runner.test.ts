import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentAnswerSchema, type AgentAnswer } from '../../evals/runner/answer.ts';
import { evaluate, folded } from '../../evals/runner/assertions.ts';
import { compareWithBaseline } from '../../evals/runner/baseline.ts';
import { cassetteKey, startCassetteServer } from '../../evals/runner/cassettes.ts';
import { loadSplits, loadSuite } from '../../evals/runner/load-suites.ts';
import { consoleReport, htmlReport, junitReport, splitSummary, type RunReport } from '../../evals/runner/reports.ts';
import { renderer, type CaseResult } from '../../evals/runner/run-suites.ts';

const directory = mkdtempSync(join(tmpdir(), 'dte-eval-runner-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const answer: AgentAnswer = {
  answer: 'La nota de crédito 5 fue rechazada con REF-3-750: la factura 12 que referencia no fue recibida por el SII.',
  mode: 'offline', conversationId: 'c1',
  citations: [{ kind: 'sii_code', id: 'REF-3-750', title: 'Referencia no existe' }, { kind: 'knowledge', id: 'nota-credito-anula', title: 'Nota de crédito que anula' }],
  actions: [{ kind: 'retry_submission', label: 'Reenviar', documentId: 'd1', approvalRequired: true }],
  toolCalls: [{ name: 'find_document', ok: true, arguments: { type: 61, folio: 5 } }, { name: 'explain_sii_codes', ok: true }],
  usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, steps: 2, latencyMs: 12 },
  promptVersion: 'v1', toolSetHash: 'h1', outcome: 'answered',
};
const plain = (text: string) => text;

describe('assertions', () => {
  it('check text with accents and case folded, lists as any-of, and regexes', () => {
    expect(folded('Crédito ÑUÑOA')).toBe('credito nunoa');
    expect(evaluate({ type: 'icontains', value: 'nota de credito' }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'contains', value: 'nota de credito' }, answer, plain).outcome).toBe('failed');
    expect(evaluate({ type: 'icontains', value: ['CAF-3-517', 'REF-3-750'] }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'not-icontains', value: ['aceptada', 'acepté'] }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'not-contains', value: 'REF-3-750' }, answer, plain)).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('REF-3-750') });
    expect(evaluate({ type: 'regex', value: 'factura\\s+\\d+' }, answer, plain).outcome).toBe('passed');
  });

  it('check tools with their arguments, citations, actions (approval required), mode and bounds', () => {
    expect(evaluate({ type: 'tool-called', value: 'find_document', args: { folio: 5 } }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'tool-called', value: 'find_document', args: { folio: 6 } }, answer, plain).outcome).toBe('failed');
    expect(evaluate({ type: 'not-tool-called', value: 'retry_submission' }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'citation', value: { kind: 'sii_code', id: 'ref-3-750' } }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'citation', value: { kind: 'document' } }, answer, plain).outcome).toBe('failed');
    expect(evaluate({ type: 'not-citation', value: { kind: 'document' } }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'not-citation', value: { kind: 'knowledge' } }, answer, plain)).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('knowledge:nota-credito-anula') });
    expect(evaluate({ type: 'not-citation', value: { kind: 'sii_code', id: 'REF-3-751' } }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'action', value: { kind: 'retry_submission' } }, answer, plain).outcome).toBe('passed');
    expect(agentAnswerSchema.safeParse({ ...answer, actions: [{ kind: 'retry_submission', label: 'Reenviar', approvalRequired: false }] }).success).toBe(false);
    expect(evaluate({ type: 'mode', value: 'offline' }, answer, plain).outcome).toBe('passed');
    expect(evaluate({ type: 'latency', threshold: 5 }, answer, plain).outcome).toBe('failed');
    expect(evaluate({ type: 'is-json', value: { usage: { steps: 2 } } }, answer, plain).outcome).toBe('passed');
  });

  it('skip a model-graded rubric without a judge, never pass it', () => {
    expect(evaluate({ type: 'llm-rubric', value: 'explains the cause' }, answer, plain)).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('no judge') });
  });

  it('read fixture values into texts, leaving unknown names visible', () => {
    const render = renderer(new Map([['factura', { id: 'd1', type: 33, folio: 12, state: 'accepted', trackId: null, codes: [] }]]));
    expect(render('¿y la factura {{factura.folio}} ({{ factura.id }})? {{nota.folio}}')).toBe('¿y la factura 12 (d1)? {{nota.folio}}');
  });
});

describe('suites', () => {
  it('load as promptfoo-shaped YAML and refuse a typo naming the field', () => {
    const good = join(directory, 'good.yaml');
    writeFileSync(good, 'description: d\nthreshold: 0.8\ntests:\n  - id: one\n    vars:\n      question: hola\n    assert:\n      - type: icontains\n        value: hola\n');
    expect(loadSuite(good)).toMatchObject({ name: 'good', threshold: 0.8, tests: [{ id: 'one' }] });
    const bad = join(directory, 'bad.yaml');
    writeFileSync(bad, 'description: d\nthreshold: 0.8\ntests:\n  - id: one\n    vars:\n      question: hola\n    assert:\n      - type: icontain\n        value: hola\n');
    expect(() => loadSuite(bad)).toThrow(/bad\.yaml: tests\.0\.assert\.0\.type/);
  });
});

function caseResult(suite: string, id: string, passed: boolean, tokens = 10): CaseResult {
  return { suite, id, passAtK: passed, passAllK: passed, runs: [{ passed, assertions: [], question: ['q'], answer: 'a <b>', toolCalls: [], tokens, costUsd: 0.001, latencyMs: 5, ...(passed ? {} : { error: 'failed & why' }) }] };
}

function report(cases: CaseResult[]): RunReport {
  const passRate = cases.filter((entry) => entry.passAllK).length / cases.length;
  return { provider: 'offline', repeat: 1, at: '2026-12-01T00:00:00Z', suites: [{ name: 's', description: 'd', threshold: 0.5, cases, passRate, belowThreshold: passRate < 0.5 }] };
}

describe('reports and the baseline', () => {
  it('name the cases that got better and worse, and the change in pass rate and tokens', () => {
    const before = report([caseResult('s', 'a', true), caseResult('s', 'b', false), caseResult('s', 'c', true)]);
    const after = report([caseResult('s', 'a', false, 30), caseResult('s', 'b', true), caseResult('s', 'd', true)]);
    expect(compareWithBaseline(after, before)).toMatchObject({ better: ['s/b'], worse: ['s/a'], added: ['s/d'], removed: ['s/c'], passRateChange: 0, tokensChange: 20 });
  });

  it('write JUnit XML and a self-contained HTML page, escaped', () => {
    const run = report([caseResult('s', 'a', true), caseResult('s', 'b', false)]);
    const junit = junitReport(run);
    expect(junit).toContain('<testsuite name="s" tests="2" failures="1">');
    expect(junit).toContain('<failure message="failed &amp; why">');
    const html = htmlReport(run);
    expect(html).toContain('<h2>s — 50 %');
    expect(html).not.toContain('a <b>');
    expect(html).toContain('a &lt;b&gt;');
  });

  it('give the figures of each split apart, the held-out ones beside the tuning ones', () => {
    const tuning = { ...report([caseResult('t', 'a', true), caseResult('t', 'b', true)]).suites[0]!, name: 't', split: 'tuning' };
    const sealed = { ...report([caseResult('x', 'a', true), caseResult('x', 'b', false), caseResult('x', 'c', false)]).suites[0]!, name: 'x', split: 'sealed' };
    const run: RunReport = { provider: 'offline', repeat: 1, at: '2026-12-01T00:00:00Z', suites: [tuning, sealed] };
    expect(splitSummary(run)).toEqual([
      { split: 'tuning', suites: 1, cases: 2, passed: 2, passRate: 1 },
      { split: 'sealed', suites: 1, cases: 3, passed: 1, passRate: 1 / 3 },
    ]);
    expect(consoleReport(run)).toContain('| sealed | 1 | 3 | 1 | 33.3 % |');
  });

  it('load the three splits apart: no suite name in two splits, every sealed case id se-', () => {
    const suites = loadSplits();
    const names = suites.map((suite) => suite.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(suites.map((suite) => suite.split))).toEqual(new Set(['tuning', 'heldout', 'sealed']));
    const sealed = suites.filter((suite) => suite.split === 'sealed').flatMap((suite) => suite.tests.map((test) => test.id));
    expect(sealed.length).toBeGreaterThanOrEqual(150);
    expect(sealed.every((id) => id.startsWith('se-'))).toBe(true);
  });
});

describe('cassettes', () => {
  it('replay a recorded exchange by the hash of the request, and fail closed on one never recorded', async () => {
    const upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'msg_1', content: [{ type: 'text', text: `eco ${JSON.parse(body).messages.length} para 76192083-9` }], key: request.headers['x-api-key'] }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const cassettes = join(directory, 'cassettes');
    const body = { model: 'm', system: 's', messages: [{ role: 'user', content: 'hola' }] };
    const recorder = await startCassetteServer({ provider: 'anthropic', directory: cassettes, record: { upstream: upstreamUrl, apiKey: 'sk-ant-secret-key-123456' } });
    const recorded = await (await fetch(`${recorder.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    await recorder.close();
    upstream.close();
    expect(recorded).toMatchObject({ content: [{ text: 'eco 1 para 76192083-9' }] });
    const replayer = await startCassetteServer({ provider: 'anthropic', directory: cassettes });
    try {
      const replayed = await (await fetch(`${replayer.url}/v1/messages`, { method: 'POST', body: JSON.stringify(body) })).json();
      expect(replayed).toMatchObject({ id: 'msg_1', content: [{ text: 'eco 1 para [rut]' }], key: '[secret]' });
      const missing = await fetch(`${replayer.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ ...body, model: 'other' }) });
      expect(missing.status).toBe(599);
      expect(replayer.missing).toEqual([cassetteKey('anthropic', '/v1/messages', { ...body, model: 'other' })]);
    } finally {
      await replayer.close();
    }
  });
});

describe('drafts from feedback', () => {
  it('turn 👎 answers into cases that load like a suite, with the rated answer kept for the maintainer', async () => {
    const { draftSuite } = await import('../../evals/runner/from-feedback.ts');
    const { loadSuiteText } = await import('../../evals/runner/load-suites.ts');
    const text = draftSuite([
      {
        id: '0f1e2d3c-aaaa-4bbb-8ccc-000000000000', question: '¿por qué rebotó la NC 55?', answer: 'No sé.', promptVersion: 'v3', ratedAt: '2026-12-01T10:00:00Z',
        toolCalls: [{ name: 'find_document', arguments: { type: 61, folio: 55 } }],
      },
      { id: '1f1e2d3c-aaaa-4bbb-8ccc-000000000000', question: 'hola', answer: 'Hola.', ratedAt: '2026-12-01T11:00:00Z' },
    ], '2026-12-01');
    const suite = loadSuiteText(text, 'draft.yaml');
    expect(suite.tests.map((test) => test.id)).toEqual(['feedback-0f1e2d3c', 'feedback-1f1e2d3c']);
    expect(suite.tests[0]).toEqual(expect.objectContaining({ vars: { question: '¿por qué rebotó la NC 55?' } }));
    expect(suite.tests[0]!.description).toContain('No sé.');
    expect(suite.tests[0]!.description).toContain('Tools called: find_document {"type":61,"folio":55}');
    expect(suite.tests[1]!.description).toContain('Tools called: not recorded');
    expect(suite.tests[0]!.assert[0]!.type).toBe('llm-rubric');
  });
});

describe('a hand-written cassette', () => {
  it('is replayed to the real Anthropic SDK by the hash of its request', async () => {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const replayer = await startCassetteServer({ provider: 'anthropic' });
    try {
      const client = new Anthropic({ apiKey: 'replay', baseURL: replayer.url, maxRetries: 0 });
      const message = await client.messages.create({
        model: 'claude-hand-written', max_tokens: 256, system: 'Cassette de ejemplo escrita a mano.', messages: [{ role: 'user', content: '¿Qué significa REF-3-750?' }],
      });
      expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('escrita a mano') });
      expect(message.usage.input_tokens).toBe(21);
      expect(replayer.missing).toEqual([]);
      await expect(client.messages.create({ model: 'claude-hand-written', max_tokens: 256, messages: [{ role: 'user', content: 'otra pregunta' }] })).rejects.toThrow();
      expect(replayer.missing).toHaveLength(1);
    } finally {
      await replayer.close();
    }
  });
});

describe('a case checked by nothing', () => {
  it('does not pass when its only assertion is a rubric skipped for want of a judge', async () => {
    const { loadSuiteText } = await import('../../evals/runner/load-suites.ts');
    const { runSuites } = await import('../../evals/runner/run-suites.ts');
    const { startEvalService } = await import('../../evals/runner/eval-service.ts');
    const suite = loadSuiteText([
      'description: rubric only', 'threshold: 1', 'tests:',
      '  - id: rubric-only', '    vars: { question: "¿una nota de débito lleva IVA?" }', '    assert:', '      - { type: llm-rubric, value: "says it does" }',
      '  - id: checked', '    vars: { question: "¿una nota de débito lleva IVA?" }', '    assert:', '      - { type: icontains, value: IVA }',
    ].join('\n'), 'rubric-only.yaml');
    const [result] = await runSuites([suite], () => startEvalService({ LLM_PROVIDER: 'offline' }), { repeat: 1 });
    expect(result!.cases.map((entry) => [entry.id, entry.runs[0]!.passed])).toEqual([['rubric-only', false], ['checked', true]]);
    expect(result!.cases[0]!.runs[0]!.assertions[0]).toMatchObject({ outcome: 'skipped' });
  }, 60_000);
});
