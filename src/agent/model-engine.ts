import type { AgentMode, AnswerEngine, EngineAnswer } from '../app/ports/index.ts';
import { parseDocumentReference, type AgentTool, type ToolServices } from '../../tools/index.ts';
import { runAgentLoop, type LoopLimits } from './agent-loop.ts';
import type { AnswerLedger } from './answer-ledger.ts';
import { directIntent, directLines } from './intent.ts';
import { languageOf } from './language.ts';
import type { ModelPort, ModelTool } from './model-port.ts';
import type { ModelPrice } from './price-table.ts';

/** What a model answer observes: the ledger of each answer, for metrics and logs. */
export type LedgerObserver = (ledger: AnswerLedger, mode: AgentMode) => void;

export interface ModelEngineOptions {
  model: ModelPort;
  mode: Exclude<AgentMode, 'offline'>;
  tools: readonly AgentTool<never>[];
  modelTools: readonly ModelTool[];
  services: ToolServices;
  system: string;
  promptVersion: string;
  toolSetHash: string;
  limits: LoopLimits;
  prices?: Readonly<Record<string, ModelPrice>>;
  onLedger?: LedgerObserver;
}

/**
 * Answers through a model and our loop. Citations and actions are those the tools returned, never
 * the model's own claims; the answer text is the model's.
 */
export function createModelEngine(options: ModelEngineOptions): AnswerEngine {
  return {
    async answer(actor, question): Promise<EngineAnswer> {
      const language = languageOf(question.question);
      // Greetings, thanks and calculations: the same fixed text and core arithmetic as offline, no model call.
      const namesDocument = question.documentId !== undefined || parseDocumentReference(question.question) !== undefined;
      const direct = directIntent(question.question, { namesDocument, namesCode: options.services.explanations.codesIn(question.question).length > 0 });
      if (direct !== undefined) {
        return {
          answer: directLines(direct, language).join('\n'), mode: options.mode, outcome: 'answered', citations: [], actions: [], toolCalls: [],
          usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, steps: 0, latencyMs: 0 },
          promptVersion: options.promptVersion, toolSetHash: options.toolSetHash,
        };
      }
      const result = await runAgentLoop({
        model: options.model, system: options.system, tools: options.tools, modelTools: options.modelTools,
        history: question.history, question: question.question,
        ...(question.documentId === undefined ? {} : { documentId: question.documentId }),
        context: { actor, services: options.services }, limits: options.limits,
        ...(options.prices === undefined ? {} : { prices: options.prices }),
        language,
      });
      options.onLedger?.(result.ledger, options.mode);
      return {
        answer: result.text, mode: options.mode, outcome: result.outcome,
        citations: unique(result.citations), actions: result.actions, toolCalls: result.toolCalls,
        usage: result.ledger.usage(), promptVersion: options.promptVersion, toolSetHash: options.toolSetHash,
      };
    },
  };
}

function unique<Item extends { kind: string; id: string }>(items: readonly Item[]): Item[] {
  return items.filter((item, index) => items.findIndex((other) => other.kind === item.kind && other.id === item.id) === index);
}
