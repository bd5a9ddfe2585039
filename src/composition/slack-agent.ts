import type { ConversationService } from '../app/ports/agent.ts';
import type { Store } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import type { AskAgent } from '../slack/ask-agent.ts';

/**
 * The Slack bot's `ask`, over the agent's conversation service. A Slack thread is one conversation
 * per person in it (the service keeps each person's conversations apart): the service's conversation
 * id of a thread and person is kept in the shared settings, so a follow-up in the thread continues it
 * after a restart and on another instance.
 */
export function slackAskAgent(conversations: ConversationService, store: Store): AskAgent {
  return async (actor, question) => {
    const key = `slack.conversation:${question.conversationId}:${actor.subject}`;
    const known = await store.settings.get(key);
    const ask = (conversationId: string | undefined) => conversations.ask(actor, {
      question: question.question,
      ...(question.documentId === undefined ? {} : { documentId: question.documentId }),
      ...(conversationId === undefined ? {} : { conversationId }),
    });
    // A conversation no longer the person's (their companies changed) starts anew.
    const answer = await ask(known).catch((error: unknown) => {
      if (known !== undefined && error instanceof DteError && error.code === 'NOT_FOUND') return ask(undefined);
      throw error;
    });
    if (answer.conversationId !== known) await store.settings.put(key, answer.conversationId);
    return {
      answer: answer.answer, citations: answer.citations, actions: answer.actions, toolCalls: answer.toolCalls, promptVersion: answer.promptVersion,
    };
  };
}
