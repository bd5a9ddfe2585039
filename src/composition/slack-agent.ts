import type { ConversationService } from '../app/ports/agent.ts';
import type { AskAgent } from '../slack/ask-agent.ts';

/**
 * The Slack bot's `ask`, over the agent's conversation service: a Slack thread is the conversation's
 * thread key, so the service continues each person's conversation of the thread (and starts anew
 * when it is no longer theirs, or forgotten after THREAD_MEMORY_MS). Wiring only.
 */
export function slackAskAgent(conversations: ConversationService): AskAgent {
  return async (actor, question) => {
    const answer = await conversations.ask(actor, {
      question: question.question, threadKey: question.conversationId,
      ...(question.documentId === undefined ? {} : { documentId: question.documentId }),
    });
    return {
      answer: answer.answer, citations: answer.citations, actions: answer.actions, toolCalls: answer.toolCalls, promptVersion: answer.promptVersion,
    };
  };
}
