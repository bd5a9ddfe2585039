import type { AgentUsage } from '../app/ports/index.ts';
import type { ModelResponse } from './model-port.ts';
import { costOf, type ModelPrice } from './price-table.ts';

/** One model call of an answer. */
export interface LedgerStep {
  model: string;
  requestId?: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  latencyMs: number;
  /** The tools the model called in this step. */
  toolCalls: string[];
}

/** The record of one answer's model calls: tokens, cost, request ids and latency per step. */
export class AnswerLedger {
  readonly steps: LedgerStep[] = [];
  private readonly started = performance.now();

  constructor(private readonly prices?: Readonly<Record<string, ModelPrice>>) {}

  /** Records a model call. */
  record(response: ModelResponse, latencyMs: number): LedgerStep {
    const step: LedgerStep = {
      model: response.model,
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      ...response.usage,
      costUsd: costOf(response.model, response.usage, this.prices),
      latencyMs,
      toolCalls: response.toolCalls.map((call) => call.name),
    };
    this.steps.push(step);
    return step;
  }

  /** Every token of the answer so far. */
  totalTokens(): number {
    return this.steps.reduce((sum, step) => sum + step.inputTokens + step.outputTokens + step.cacheReadTokens + step.cacheWriteTokens, 0);
  }

  costUsd(): number {
    return this.steps.reduce((sum, step) => sum + step.costUsd, 0);
  }

  /** The answer's usage, with the latency from the ledger's creation. */
  usage(steps = this.steps.length): AgentUsage {
    const sum = (field: 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'): number => this.steps.reduce((total, step) => total + step[field], 0);
    return {
      inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens'), cacheReadTokens: sum('cacheReadTokens'), cacheWriteTokens: sum('cacheWriteTokens'),
      costUsd: Math.round(this.costUsd() * 1e6) / 1e6, steps, latencyMs: Math.round(performance.now() - this.started),
    };
  }
}
