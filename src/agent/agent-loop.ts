import { DteError } from '../core/errors.ts';
import type { AgentAction, AgentCitation, AgentOutcome, ConversationTurn } from '../app/ports/index.ts';
import type { AgentTool, ToolContext } from '../../tools/index.ts';
import { runTool } from '../../tools/run-tool.ts';
import { AnswerLedger } from './answer-ledger.ts';
import type { ModelMessage, ModelPort, ModelTool, ModelToolCall } from './model-port.ts';
import type { ModelPrice } from './price-table.ts';
import { historyText, questionBlock, toolOutputBlock } from './untrusted-text.ts';

/** The per-answer budgets: steps (model calls), time, and tokens and USD over all steps. */
export interface LoopLimits {
  maxSteps: number;
  timeoutMs: number;
  maxOutputTokens: number;
  maxTotalTokens: number;
  maxCostUsd: number;
}

/** What the loop runs on. */
export interface LoopInput {
  model: ModelPort;
  system: string;
  tools: readonly AgentTool<never>[];
  modelTools: readonly ModelTool[];
  history: readonly ConversationTurn[];
  question: string;
  documentId?: string;
  context: ToolContext;
  limits: LoopLimits;
  prices?: Readonly<Record<string, ModelPrice>>;
  language: 'es' | 'en';
}

/** What the loop ends with. */
export interface LoopResult {
  text: string;
  outcome: AgentOutcome;
  ledger: AnswerLedger;
  toolCalls: Array<{ name: string; ok: boolean; arguments?: unknown }>;
  citations: AgentCitation[];
  actions: AgentAction[];
}

/** The longest history turn handed to a model. */
const HISTORY_TURN_LIMIT = 4_000;

const LIMIT_TEXT = {
  step_limit: { es: (steps: number) => `Me detuve tras ${steps} pasos (el límite) sin una respuesta final.`, en: (steps: number) => `I stopped after ${steps} steps (the limit) without a final answer.` },
  time_limit: { es: () => 'Me detuve: se acabó el tiempo para responder.', en: () => 'I stopped: the time to answer ran out.' },
  budget: { es: () => 'Me detuve: se alcanzó el presupuesto de tokens o costo de esta respuesta.', en: () => 'I stopped: this answer\'s token or cost budget was reached.' },
} as const;

/**
 * Our own model loop: call the model; run the tools it asks for, all of one turn in parallel, each
 * error handed back as text; repeat until it answers or a limit stops it (said in the answer). The
 * time limit aborts the model call in flight. Citations and actions come from the tools alone.
 */
export async function runAgentLoop(input: LoopInput): Promise<LoopResult> {
  const { model, limits, language } = input;
  const ledger = new AnswerLedger(input.prices);
  const toolCalls: LoopResult['toolCalls'] = [];
  const citations: AgentCitation[] = [];
  const actions: AgentAction[] = [];
  const byName = new Map(input.tools.map((tool) => [tool.name, tool]));
  const messages: ModelMessage[] = input.history.map((turn) => ({ role: turn.role, text: historyText(turn.role, turn.text, HISTORY_TURN_LIMIT) }));
  const historyLength = messages.length;
  messages.push({ role: 'user', text: questionBlock(input.question, input.documentId) });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
  const finish = (text: string, outcome: AgentOutcome): LoopResult => ({ text, outcome, ledger, toolCalls, citations, actions });
  try {
    for (let step = 0; step < limits.maxSteps; step += 1) {
      const started = performance.now();
      let response;
      try {
        response = await model.complete({ system: input.system, tools: input.modelTools, messages, historyLength, maxOutputTokens: limits.maxOutputTokens, signal: abort.signal });
      } catch (error) {
        if (abort.signal.aborted) return finish(LIMIT_TEXT.time_limit[language](), 'time_limit');
        throw error instanceof DteError ? error : new DteError('AGENT_UNAVAILABLE', `The model provider failed: ${reasonOf(error)}`, { cause: error });
      }
      ledger.record(response, performance.now() - started);
      if (response.toolCalls.length === 0) return finish(response.text, 'answered');
      messages.push({ role: 'assistant', text: response.text, toolCalls: response.toolCalls });
      const results = await Promise.race([Promise.all(response.toolCalls.map((call) => callTool(call, byName, input.context))), whenAborted(abort.signal)]);
      if (results === undefined || abort.signal.aborted) return finish(LIMIT_TEXT.time_limit[language](), 'time_limit');
      messages.push({ role: 'tool', results: results.map((result) => ({ callId: result.call.id, content: result.content, isError: !result.ok })) });
      for (const result of results) {
        toolCalls.push({ name: result.call.name, ok: result.ok, arguments: result.call.input });
        citations.push(...result.citations);
        actions.push(...result.actions);
      }
      if (ledger.totalTokens() >= limits.maxTotalTokens || ledger.costUsd() >= limits.maxCostUsd) return finish(LIMIT_TEXT.budget[language](), 'budget');
    }
    return finish(LIMIT_TEXT.step_limit[language](limits.maxSteps), 'step_limit');
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves (with nothing) when the signal aborts, so the time limit also stops waiting for slow tools. */
function whenAborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

async function callTool(call: ModelToolCall, byName: Map<string, AgentTool<never>>, context: ToolContext) {
  const tool = byName.get(call.name);
  if (tool === undefined) return { call, ok: false, content: toolOutputBlock(call.name.slice(0, 60), `Error: there is no tool ${call.name.slice(0, 60)}.`), citations: [], actions: [] };
  const outcome = await runTool(tool, call.input, context);
  if (!outcome.ok) return { call, ok: false, content: toolOutputBlock(tool.name, `Error: ${outcome.error}`), citations: [], actions: [] };
  return {
    call, ok: true, content: toolOutputBlock(tool.name, JSON.stringify(outcome.result.data)),
    citations: outcome.result.citations ?? [], actions: outcome.result.actions ?? [],
  };
}

/** A provider error's reason, without anything that could be a key. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(message).slice(0, 300);
}

/** Replaces what looks like an API key or bearer token with [redacted]. */
export function redactSecrets(text: string): string {
  return text.replace(/\b(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g, '[redacted]');
}
