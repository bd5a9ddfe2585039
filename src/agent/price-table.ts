import type { ModelUsage } from './model-port.ts';

/** USD per million tokens of a model: input, output, cache read, cache write. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * List prices per million tokens, by model-name prefix; prefixes are matched longest first, so
 * `claude-opus-4-5-20251101` is priced as Opus 4.5, and `claude-opus-4-1-…` as Opus 4 / 4.1. A model
 * not listed costs 0 (a local server, or one to add with LLM_PRICES); the service warns at start.
 * Anthropic's figures were checked on 2026-12-01 against its pricing page (platform.claude.com,
 * "Model pricing": base input, 5-minute cache writes, cache hits, output); OpenAI's page no longer
 * lists the 4.x models, so theirs are the last published ones as secondary sources repeat them.
 * Prices change: LLM_PRICES replaces any row without a release.
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-8': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-7': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-6': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1, cacheWrite: 0 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: 0 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 0 },
};

/** The price of a model, or undefined when the table lacks it. */
export function priceOf(model: string, table: Readonly<Record<string, ModelPrice>> = PRICE_TABLE): ModelPrice | undefined {
  const prefix = Object.keys(table).sort((left, right) => right.length - left.length).find((key) => model.startsWith(key));
  return prefix === undefined ? undefined : table[prefix];
}

/** What a call cost in USD. `inputTokens` counts only uncached input (the providers report cache tokens apart). */
export function costOf(model: string, usage: ModelUsage, table?: Readonly<Record<string, ModelPrice>>): number {
  const price = priceOf(model, table);
  if (price === undefined) return 0;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output + usage.cacheReadTokens * price.cacheRead + usage.cacheWriteTokens * price.cacheWrite) / 1_000_000;
}
