import type { ConversationService } from '../app/ports/agent.ts';
import type { Store } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import type { AskAgent } from '../slack/ask-agent.ts';

/** The settings that hold a Slack thread's conversation id, one per thread and person. */
export const SLACK_THREAD_PREFIX = 'slack.conversation:';

/**
 * How long a thread nobody writes in keeps its conversation: a follow-up after that starts a new one.
 * Every answer in a thread rewrites its setting, so a thread in use is never forgotten.
 */
export const THREAD_MEMORY_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The Slack bot's `ask`, over the agent's conversation service. A Slack thread is one conversation
 * per person in it (the service keeps each person's conversations apart): the service's conversation
 * id of a thread and person is kept in the shared settings, so a follow-up in the thread continues it
 * after a restart and on another instance.
 */
export function slackAskAgent(conversations: ConversationService, store: Store): AskAgent {
  return async (actor, question) => {
    const key = `${SLACK_THREAD_PREFIX}${question.conversationId}:${actor.subject}`;
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
    // Written after every answer, even when unchanged: the write's time is what keeps a thread in use from being forgotten.
    await store.settings.put(key, answer.conversationId);
    return {
      answer: answer.answer, citations: answer.citations, actions: answer.actions, toolCalls: answer.toolCalls, promptVersion: answer.promptVersion,
    };
  };
}

/** Forgets the conversations of threads with no answer for THREAD_MEMORY_MS before `now`; returns how many. */
export function forgetIdleSlackThreads(store: Store, now: Date): Promise<number> {
  return store.settings.prune(SLACK_THREAD_PREFIX, new Date(now.getTime() - THREAD_MEMORY_MS));
}
