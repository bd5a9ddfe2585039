/**
 * The agent's driving port (ConversationService: what HTTP, the CLI, Slack and the evals call) and the
 * driven port it answers through (AnswerEngine: the model loop of src/agent, or its offline mode).
 */
import { z } from 'zod';
import type { ConversationTurn } from './records.ts';
import type { Actor } from './services.ts';

/** What an answer rests on: an SII code of the catalog, a knowledge entry, or one of the caller's documents. */
export const agentCitationSchema = z.object({
  kind: z.enum(['sii_code', 'knowledge', 'document']),
  id: z.string(),
  title: z.string(),
  source: z.string().optional(),
});
export type AgentCitation = z.infer<typeof agentCitationSchema>;

/** Something the person may do, never done by the agent: it needs their approval. */
export const agentActionSchema = z.object({
  kind: z.string(),
  label: z.string(),
  documentId: z.string().optional(),
  /** A corrected document request, for a reissue. */
  request: z.unknown().optional().describe('A document request (as POST /v1/documents takes it), validated by the core.'),
  approvalRequired: z.literal(true),
});
export type AgentAction = z.infer<typeof agentActionSchema>;

const count = z.number().min(0);

/** What one answer cost. `steps`: model calls of the answer; in the offline mode, which calls no model, the tool calls. */
export const agentUsageSchema = z.object({
  inputTokens: count,
  outputTokens: count,
  cacheReadTokens: count,
  cacheWriteTokens: count,
  costUsd: count,
  steps: count,
  latencyMs: count,
});
export type AgentUsage = z.infer<typeof agentUsageSchema>;

/** How the answer was made: templates over the tools alone, or a model. */
export const AGENT_MODES = ['offline', 'anthropic', 'openai'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

/** `answered`, or the limit that stopped the loop. */
export const AGENT_OUTCOMES = ['answered', 'declined', 'unknown', 'step_limit', 'time_limit', 'budget'] as const;
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];

/** One tool the agent called, with the arguments it was given (what the eval suites check). */
export const toolCallSchema = z.object({ name: z.string(), ok: z.boolean(), arguments: z.unknown().optional() });

/** An answer to a question: `POST /v1/agent/ask`, Slack and the evals read it. */
export const agentAnswerSchema = z.object({
  answer: z.string(),
  mode: z.enum(AGENT_MODES),
  conversationId: z.string(),
  citations: z.array(agentCitationSchema),
  actions: z.array(agentActionSchema),
  toolCalls: z.array(toolCallSchema),
  usage: agentUsageSchema,
  promptVersion: z.string(),
  toolSetHash: z.string().describe('A hash of the tool set the answer was made with (names, descriptions, input schemas).'),
  outcome: z.enum(AGENT_OUTCOMES).describe('How the answer ended: a final answer, or a limit that stopped it (said in the answer too).'),
});
export type AgentAnswer = z.infer<typeof agentAnswerSchema>;

/** A question, optionally about one document and continuing a conversation. */
export interface AgentQuestion {
  question: string;
  documentId?: string;
  conversationId?: string;
  /**
   * A front end's thread (a Slack thread, `slack:<channel>:<ts>`) in which each asker has one
   * conversation: without a conversationId, the asker's conversation of the thread continues.
   */
  threadKey?: string;
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

/** Text in the two languages the agent answers in. */
export interface BilingualText {
  es: string;
  en: string;
}

/** One concrete fact found about a document, with the SII code it explains when there is one. */
export interface DiagnosisFinding {
  /** A stable name of the check that found it, e.g. `reference-not-received`. */
  kind: string;
  text: BilingualText;
  siiCode?: string;
  /** Another document the finding is about (the referenced factura, the one that used a folio). */
  relatedDocumentId?: string;
}

/** What the stored document, its history and its codes say about what went wrong. */
export interface Diagnosis {
  documentId: string;
  type: number;
  folio: number;
  state: string;
  siiCodes: string[];
  findings: DiagnosisFinding[];
  /** The receiver as the document states it (untrusted text). */
  receiver: { rut: string; name: string };
  /** The lines' NmbItem (untrusted text). */
  items: string[];
  /** The references as the document states them. */
  references: Array<{ type: string; folio: string; date?: string; codRef?: number; reason?: string }>;
}

/** One change of the corrected request, as a JSON pointer with the old and new value. */
export interface RequestChange {
  pointer: string;
  from?: unknown;
  to?: unknown;
}

/** What to do next: issue a corrected document, or annul with a nota de crédito (CodRef 1) and issue a new one. */
export type CorrectionStep = 'reissue' | 'credit_note_and_new_document' | 'wait' | 'none';

/** A correction: the corrected request (validated by the core's dry run), its diff, and the next step. */
export interface CorrectionSuggestion {
  documentId: string;
  nextStep: CorrectionStep;
  text: BilingualText;
  changes: RequestChange[];
  /** The request to issue next (the corrected one, or the nota de crédito); present only when the core accepted it. */
  request?: unknown;
  /** The totals the core computed for it. */
  totals?: unknown;
}

/** What the SII says of a document now (QueryEstDte), asked without changing anything stored. */
export interface SiiDocumentState {
  documentId: string;
  /** DOK, DNK, FAU, … as the SII answered. */
  state: string;
  meaning: string;
  errorCode?: string;
  errorMessage?: string;
}

/** Diagnoses stored documents and suggests corrections, over the actor's companies only. */
export interface DocumentInsightService {
  diagnose(actor: Actor, documentId: string): Promise<Diagnosis>;
  suggestCorrection(actor: Actor, documentId: string): Promise<CorrectionSuggestion>;
  /**
   * Asks the SII for the document's state (QueryEstDte) and returns its answer; stores nothing. An
   * SII_UNAVAILABLE DteError when it cannot be asked, INTERNAL when this service was built without SII access.
   */
  siiState(actor: Actor, documentId: string): Promise<SiiDocumentState>;
}
