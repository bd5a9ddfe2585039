/**
 * The agent's driving port (ConversationService: what HTTP, the CLI, Slack and the evals call) and the
 * driven port it answers through (AnswerEngine: the model loop of src/agent, or its offline mode).
 */
import type { ConversationTurn } from './records.ts';
import type { Actor } from './services.ts';

/** What an answer rests on: an SII code of the catalog, a knowledge entry, or one of the caller's documents. */
export interface AgentCitation {
  kind: 'sii_code' | 'knowledge' | 'document';
  id: string;
  title: string;
  source?: string;
}

/** Something the person may do, never done by the agent: it needs their approval. */
export interface AgentAction {
  kind: string;
  label: string;
  documentId?: string;
  /** A corrected document request, for a reissue. */
  request?: unknown;
  approvalRequired: true;
}

/** What one answer cost. */
export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  steps: number;
  latencyMs: number;
}

/** How the answer was made: templates over the tools alone, or a model. */
export type AgentMode = 'offline' | 'anthropic' | 'openai';

/** An answer to a question. */
export interface AgentAnswer {
  answer: string;
  mode: AgentMode;
  conversationId: string;
  citations: AgentCitation[];
  actions: AgentAction[];
  toolCalls: Array<{ name: string; ok: boolean }>;
  usage: AgentUsage;
  promptVersion: string;
  /** A hash of the tool set the answer was made with (names, descriptions, input schemas). */
  toolSetHash: string;
}

/** A question, optionally about one document and continuing a conversation. */
export interface AgentQuestion {
  question: string;
  documentId?: string;
  conversationId?: string;
}

/** What the engine is handed: the question and the conversation so far (trimmed), oldest first. */
export interface EngineQuestion {
  question: string;
  documentId?: string;
  history: readonly ConversationTurn[];
}

/** An engine's answer; the conversation service adds the conversation id. */
export type EngineAnswer = Omit<AgentAnswer, 'conversationId'>;

/** The model loop or the offline mode; a provider that fails throws an AGENT_UNAVAILABLE DteError. */
export interface AnswerEngine {
  answer(actor: Actor, question: EngineQuestion): Promise<EngineAnswer>;
}

/** Asking the agent: the one entry point of every front end. */
export interface ConversationService {
  /**
   * Answers a question for the actor, over their companies only. A `conversationId` continues that
   * conversation when it is the same subject's and its companies are all the actor's; else NOT_FOUND.
   */
  ask(actor: Actor, question: AgentQuestion): Promise<AgentAnswer>;
}
