/**
 * The eval suites' offline tier, as CI runs it: every suite in evals/suites/ against the agent in
 * offline mode, each on a fresh service whose fixtures go through the real pipeline. It fails when a
 * suite falls below its threshold, printing the failing cases. A second test breaks a real part of the
 * agent's input — one knowledge entry's rule, in a copy of resources/knowledge — and shows that the
 * run falls below the threshold and that the baseline comparison names the cases that got worse.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../evals/runner/baseline.ts';
import { startEvalService } from '../../evals/runner/eval-service.ts';
import { loadSuites } from '../../evals/runner/load-suites.ts';
import type { RunReport } from '../../evals/runner/reports.ts';
import { runSuites, type SuiteResult } from '../../evals/runner/run-suites.ts';
import { KNOWLEDGE_DIRECTORY } from '../../src/resources/resource-files.ts';

const OFFLINE = { LLM_PROVIDER: 'offline' };
const temporary = mkdtempSync(join(tmpdir(), 'dte-offline-tier-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

const report = (suites: SuiteResult[]): RunReport => ({ provider: 'offline', repeat: 1, at: new Date().toISOString(), suites });

/** Each failing case with the assertions that failed (or the error), as the console report gives them. */
function failures(results: readonly SuiteResult[]): string[] {
  return results.flatMap((suite) => suite.cases.filter((result) => !result.passAllK).map((result) => {
    const run = result.runs.find((candidate) => !candidate.passed)!;
    const why = run.error ?? run.assertions.filter((assertion) => assertion.outcome === 'failed').map((assertion) => `${assertion.type}: ${assertion.reason}`).join('; ');
    return `${suite.name}/${result.id}: ${why}`;
  }));
}

describe('the offline eval tier', () => {
  let clean: RunReport | undefined;

  it('passes every suite at or above its threshold', { timeout: 240_000 }, async () => {
    const suites = loadSuites();
    expect(suites.map((suite) => suite.name)).toEqual(['accounting', 'conversations', 'corrections', 'injection', 'out-of-scope', 'registry', 'rejections', 'status']);
    const results = await runSuites(suites, () => startEvalService(OFFLINE), { repeat: 1 });
    clean = report(results);
    const failing = failures(results);
    if (failing.length > 0) process.stdout.write(`Failing offline cases (${failing.length}):\n${failing.map((line) => `  ${line}`).join('\n')}\n`);
    const below = results.filter((suite) => suite.belowThreshold).map((suite) => `${suite.name}: ${(suite.passRate * 100).toFixed(1)} % < ${suite.threshold * 100} %`);
    expect(below, `suites below their threshold; failing cases:\n${failing.join('\n')}`).toEqual([]);
    // Against the committed baseline: nothing that passed then fails now.
    const baseline = JSON.parse(readFileSync(new URL('../../evals/baseline.json', import.meta.url), 'utf8')) as RunReport;
    expect(compareWithBaseline(clean, baseline).worse, 'cases worse than evals/baseline.json').toEqual([]);
  });

  it('fails, naming the cases that got worse, when a knowledge entry states a wrong rule', { timeout: 120_000 }, async () => {
    // A copy of the real knowledge base in which the CAF's validity says twelve months instead of six.
    const knowledge = join(temporary, 'knowledge');
    cpSync(KNOWLEDGE_DIRECTORY, knowledge, { recursive: true });
    const file = join(knowledge, 'folios-caf-y-timbre.json');
    const topic = JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<{ id: string; rule: string; ruleEn?: string }> };
    const entry = topic.entries.find((candidate) => candidate.id === 'vigencia-caf-seis-meses')!;
    expect(entry.rule).toContain('valen seis meses desde su fecha');
    entry.rule = entry.rule.replace('valen seis meses desde su fecha', 'valen doce meses desde su fecha');
    entry.ruleEn = entry.ruleEn?.replace('six months', 'twelve months');
    writeFileSync(file, JSON.stringify(topic, null, 2));

    const names = ['accounting', 'conversations'];
    const suites = loadSuites().filter((suite) => names.includes(suite.name));
    const start = (directory?: string) => () => startEvalService(OFFLINE, directory === undefined ? {} : { knowledgeDirectory: directory });
    // The clean run of the same suites: the first test's, or a run of its own when this test runs alone.
    const before = clean === undefined ? report(await runSuites(suites, start(), { repeat: 1 })) : report(clean.suites.filter((suite) => names.includes(suite.name)));
    const broken = report(await runSuites(suites, start(knowledge), { repeat: 1 }));

    expect(broken.suites.find((suite) => suite.name === 'accounting')!.belowThreshold).toBe(true);
    const comparison = compareWithBaseline(broken, before);
    // Every case that quotes the CAF's six months: the one asked formally, informally ("kuanto duran los folios"),
    // and as the follow-up of a code. (The boleta case asks only that the answer say the source does not cover boletas.)
    expect(comparison.worse.sort()).toEqual(['accounting/caf-abbrev', 'accounting/caf-vigencia', 'conversations/code-then-knowledge']);
    expect(comparison.better).toEqual([]);
    expect(comparison.passRateChange).toBeLessThan(0);
    const failing = failures(broken.suites);
    expect(failing.some((line) => line.startsWith('accounting/caf-vigencia: icontains'))).toBe(true);
  });
});
