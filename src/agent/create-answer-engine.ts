import type { AnswerEngine } from '../app/ports/index.ts';
import { AGENT_TOOLS, type AgentTool, type ToolServices } from '../../tools/index.ts';
import type { LoopLimits } from './agent-loop.ts';
import { createAnthropicModel, DEFAULT_ANTHROPIC_MODEL } from './anthropic-model.ts';
import { createModelEngine, type LedgerObserver } from './model-engine.ts';
import type { ModelPort } from './model-port.ts';
import { createOfflineEngine } from './offline-engine.ts';
import { createOpenAiModel, DEFAULT_OPENAI_MODEL } from './openai-model.ts';
import { PRICE_TABLE, priceOf, type ModelPrice } from './price-table.ts';
import { loadSystemPrompt, modelToolsOf, systemText, toolSetHash, type SystemPrompt } from './system-prompt.ts';

/** The agent's settings, as src/config reads them (Config['agent'] fits). */
export interface AgentSettings {
  provider: 'offline' | 'anthropic' | 'openai';
  model: string | null;
  anthropic: { apiKey: string | null; baseUrl: string | null };
  openai: { apiKey: string | null; baseUrl: string | null };
  budgets: LoopLimits;
  /** Prices over the built-in table (LLM_PRICES), by model-name prefix. */
  prices?: Readonly<Record<string, ModelPrice>>;
}

/** A built engine with what every answer records. */
export interface BuiltEngine {
  engine: AnswerEngine;
  promptVersion: string;
  toolSetHash: string;
}

/**
 * Builds the answer engine the settings ask for: offline (templates over the tools), or a model of
 * Anthropic or of an OpenAI-compatible server through our loop. `model` replaces the provider's
 * adapter (tests script it).
 */
export function createAnswerEngine(settings: AgentSettings, services: ToolServices, options: { model?: ModelPort; onLedger?: LedgerObserver; prompt?: SystemPrompt; tools?: readonly AgentTool<never>[] } = {}): BuiltEngine {
  const tools = options.tools ?? AGENT_TOOLS;
  const prompt = options.prompt ?? loadSystemPrompt();
  const modelTools = modelToolsOf(tools);
  const hash = toolSetHash(modelTools);
  if (settings.provider === 'offline' && options.model === undefined) {
    return { engine: createOfflineEngine({ tools, services, promptVersion: prompt.version, toolSetHash: hash }), promptVersion: prompt.version, toolSetHash: hash };
  }
  const model = options.model ?? modelFor(settings);
  const mode = settings.provider === 'offline' ? 'anthropic' : settings.provider;
  const engine = createModelEngine({
    model, mode, tools, modelTools, services, system: systemText(prompt, services.knowledge), promptVersion: prompt.version, toolSetHash: hash,
    limits: settings.budgets, prices: { ...PRICE_TABLE, ...settings.prices }, ...(options.onLedger ? { onLedger: options.onLedger } : {}),
  });
  return { engine, promptVersion: prompt.version, toolSetHash: hash };
}

/**
 * The model a provider runs when it has no price (neither built in nor in LLM_PRICES): its answers
 * then cost 0 in the ledger and the USD budget cannot stop them. Undefined offline or when priced.
 */
export function unpricedModel(settings: AgentSettings): string | undefined {
  if (settings.provider === 'offline') return undefined;
  const model = settings.model ?? (settings.provider === 'anthropic' ? DEFAULT_ANTHROPIC_MODEL : DEFAULT_OPENAI_MODEL);
  return priceOf(model, { ...PRICE_TABLE, ...settings.prices }) === undefined ? model : undefined;
}

function modelFor(settings: AgentSettings): ModelPort {
  if (settings.provider === 'anthropic') {
    return createAnthropicModel({ apiKey: settings.anthropic.apiKey ?? '', baseUrl: settings.anthropic.baseUrl, model: settings.model });
  }
  return createOpenAiModel({ apiKey: settings.openai.apiKey, baseUrl: settings.openai.baseUrl, model: settings.model });
}
