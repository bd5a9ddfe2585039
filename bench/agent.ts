/**
 * The agent's figures for `npm run bench`: offline answer latency (p50/p95, templates over the real
 * tools on PGlite in memory) and our loop's own overhead per step, with a scripted model that answers
 * at once and a tool that does nothing. The scripted model measures the loop only, never a model.
 */
import { z } from 'zod';
import { runAgentLoop } from '../src/agent/agent-loop.ts';
import { createAnswerEngine } from '../src/agent/create-answer-engine.ts';
import { modelToolsOf } from '../src/agent/system-prompt.ts';
import { defineTool, type AgentTool, type ToolServices } from '../tools/tool.ts';
import { createAgentFixture, REF_3_750 } from '../test/agent/agent-fixture.ts';
import { scriptedModel } from '../test/agent/scripted-model.ts';

/** The p-th percentile of a list of numbers. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Offline answers to a mix of questions: a rejected note, a knowledge question, a code, an off-topic one. */
export async function offlineAgentBenchmark(answers: number): Promise<{ p50: number; p95: number; answers: number; documentP95: number }> {
  const fixture = await createAgentFixture();
  await fixture.issue(33, {}, { accept: true });
  const note = await fixture.issue(61, { Referencia: [{ TpoDocRef: '33', FolioRef: '9999', FchRef: '2026-11-01', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] }, { reject: REF_3_750 });
  const settings = { provider: 'offline' as const, model: null, anthropic: { apiKey: null, baseUrl: null }, openai: { apiKey: null, baseUrl: null }, budgets: { maxSteps: 8, timeoutMs: 10_000, maxOutputTokens: 512, maxTotalTokens: 1e6, maxCostUsd: 1 } };
  const { engine } = createAnswerEngine(settings, fixture.services);
  const questions = [`¿Por qué rechazaron la nota de crédito ${note.folio}?`, '¿Una nota de débito lleva IVA?', 'What does REF-3-750 mean?', 'What is the best pizza?'];
  const times: number[] = [];
  const documentTimes: number[] = [];
  for (let index = 0; index < answers + 20; index += 1) {
    const started = performance.now();
    await engine.answer(fixture.actor, { question: questions[index % questions.length]!, history: [] });
    if (index < 20) continue;
    times.push(performance.now() - started);
    if (index % questions.length === 0) documentTimes.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), answers: times.length, documentP95: percentile(documentTimes, 95) };
}

/** Milliseconds of loop overhead per step: a model that answers at once, a tool that does nothing. */
export async function loopOverheadBenchmark(runs: number, stepsPerRun = 10): Promise<number> {
  const noop = defineTool({ name: 'noop', description: 'does nothing', input: z.strictObject({ n: z.number() }), run: async ({ n }) => ({ data: { n } }) });
  const tools = [noop] as unknown as AgentTool<never>[];
  const modelTools = modelToolsOf(tools);
  const script = [...Array.from({ length: stepsPerRun - 1 }, (_, n) => ({ tools: [{ name: 'noop', input: { n } }] })), { text: 'ok' }];
  let total = 0;
  for (let run = 0; run < runs + 10; run += 1) {
    const model = scriptedModel(script);
    const started = performance.now();
    await runAgentLoop({
      model, system: 'system', tools, modelTools, history: [], question: 'q', language: 'es',
      context: { actor: { subject: 'bench', role: 'viewer', companies: [] }, services: {} as ToolServices },
      limits: { maxSteps: stepsPerRun, timeoutMs: 10_000, maxOutputTokens: 512, maxTotalTokens: 1e9, maxCostUsd: 1e9 },
    });
    if (run >= 10) total += performance.now() - started;
  }
  return total / (runs * stepsPerRun);
}

/** Prints the agent's table. */
export async function printAgentFigures(): Promise<void> {
  const offline = await offlineAgentBenchmark(400);
  const perStep = await loopOverheadBenchmark(200);
  console.log('\n| Agent | figure | goal (DESIGN.md) |');
  console.log('|---|---:|---:|');
  console.log(`| offline answer latency p50 (${offline.answers} answers, 4 kinds of question, PGlite in memory) | ${offline.p50.toFixed(2)} ms | |`);
  console.log(`| offline answer latency p95 | ${offline.p95.toFixed(2)} ms | ≤ 100 ms |`);
  console.log(`| offline p95 of the rejected-note question alone (find, codes, diagnosis with the verifier, checked correction) | ${offline.documentP95.toFixed(2)} ms | ≤ 100 ms |`);
  console.log(`| loop overhead per step (scripted model answering at once, a no-op tool) | ${perStep.toFixed(3)} ms | ≤ 2 ms |`);
}
