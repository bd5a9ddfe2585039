/**
 * The one thing the bot asks of the agent, injected by the composition root: a question from a person
 * (as their Actor) in a conversation (a Slack thread), answered with text and what it rests on. Until
 * the agent is built none is given, and the bot says so.
 */
import type { Actor } from '../app/ports/index.ts';

/** A question in a conversation, optionally about one document. */
export interface AgentQuestion {
  question: string;
  conversationId: string;
  documentId?: string;
}

/** The agent's answer. `promptVersion` and `toolCalls` are kept with the rating, when the agent tells them. */
export interface AgentAnswer {
  answer: string;
  citations?: unknown[];
  actions?: unknown[];
  toolCalls?: unknown[];
  promptVersion?: string;
}

/** Asks the agent as `actor`. */
export type AskAgent = (actor: Actor, question: AgentQuestion) => Promise<AgentAnswer>;

/** What the bot says when no agent is configured: plainly, without pretending to be one. */
export const NO_AGENT_TEXT = 'The AI agent is not configured on this service yet, so I cannot answer questions. '
  + '`/dte help` lists what I can answer without it (document status, SII codes, folios).';

/** A Slack thread as a conversation id: one thread is one conversation. */
export function conversationIdOf(channel: string, threadTs: string): string {
  return `slack:${channel}:${threadTs}`;
}
