import type { AgentAnswer } from './answer.ts';
import { evaluate, type AssertionResult } from './assertions.ts';
import type { EvalService, StoredFixture } from './eval-service.ts';
import type { EvalCase, Suite } from './suite-schema.ts';

/** One run of one case. */
export interface CaseRun {
  passed: boolean;
  assertions: AssertionResult[];
  question: string[];
  answer?: string;
  toolCalls: Array<{ name: string; ok: boolean }>;
  tokens: number;
  costUsd: number;
  latencyMs: number;
  error?: string;
}

/** A case over its K runs: pass@k (any run passed) and pass^k (every run passed). */
export interface CaseResult {
  suite: string;
  id: string;
  description?: string;
  runs: CaseRun[];
  passAtK: boolean;
  passAllK: boolean;
}

export interface SuiteResult {
  name: string;
  /** tuning, heldout or sealed (see `SPLITS`); absent for a suite run on its own. */
  split?: string;
  description: string;
  threshold: number;
  cases: CaseResult[];
  /** Share of cases whose every run passed. */
  passRate: number;
  belowThreshold: boolean;
}

/** `{{factura.folio}}` → the fixture's folio; unknown names stay as written (so an assertion on them fails visibly). */
export function renderer(fixtures: ReadonlyMap<string, StoredFixture>): (text: string) => string {
  return (text) => text.replace(/\{\{\s*([a-z][a-z0-9_]*)\.([a-zA-Z]+)\s*\}\}/g, (whole, name: string, field: string) => {
    const value = (fixtures.get(name) as unknown as Record<string, unknown> | undefined)?.[field];
    return value === undefined || value === null ? whole : String(value);
  });
}

async function runCase(service: EvalService, test: EvalCase): Promise<CaseRun> {
  const questions = Array.isArray(test.vars.question) ? test.vars.question : [test.vars.question];
  const started = performance.now();
  try {
    const fixtures = await service.fixtures(test.vars.fixtures ?? []);
    const render = renderer(fixtures);
    const documentId = test.vars.document === undefined ? undefined : fixtures.get(test.vars.document)?.id;
    let answer: AgentAnswer | undefined;
    const asked: string[] = [];
    for (const question of questions) {
      const text = render(question);
      asked.push(text);
      answer = await service.ask(text, {
        asker: test.vars.asker ?? 'issuer',
        ...(documentId === undefined ? {} : { documentId }),
        ...(answer === undefined ? {} : { conversationId: answer.conversationId }),
      });
    }
    const final = answer!;
    const assertions = test.assert.map((assertion) => evaluate(assertion, final, render));
    return {
      // A skipped assertion (a rubric without a judge) is never a pass: a case passes on what was checked.
      passed: assertions.every((assertion) => assertion.outcome !== 'failed') && assertions.some((assertion) => assertion.outcome === 'passed'),
      assertions, question: asked, answer: final.answer,
      toolCalls: final.toolCalls.map(({ name, ok }) => ({ name, ok })),
      tokens: final.usage.inputTokens + final.usage.outputTokens, costUsd: final.usage.costUsd, latencyMs: final.usage.latencyMs,
    };
  } catch (error) {
    return {
      passed: false, assertions: [], question: questions, toolCalls: [], tokens: 0, costUsd: 0, latencyMs: performance.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Runs suites, each on a service of its own, every case `repeat` times. */
export async function runSuites(
  suites: readonly Suite[], start: () => Promise<EvalService>, options: { repeat: number; only?: string },
): Promise<SuiteResult[]> {
  const results: SuiteResult[] = [];
  for (const suite of suites) {
    const tests = options.only === undefined ? suite.tests : suite.tests.filter((test) => test.id === options.only);
    if (tests.length === 0) continue;
    const service = await start();
    try {
      const cases: CaseResult[] = [];
      for (const test of tests) {
        const runs: CaseRun[] = [];
        for (let index = 0; index < options.repeat; index += 1) runs.push(await runCase(service, test));
        cases.push({
          suite: suite.name, id: test.id, ...(test.description ? { description: test.description } : {}), runs,
          passAtK: runs.some((run) => run.passed), passAllK: runs.every((run) => run.passed),
        });
      }
      const passRate = cases.filter((result) => result.passAllK).length / cases.length;
      results.push({ name: suite.name, ...(suite.split === undefined ? {} : { split: suite.split }), description: suite.description, threshold: suite.threshold, cases, passRate, belowThreshold: passRate < suite.threshold });
    } finally {
      await service.close();
    }
  }
  return results;
}
