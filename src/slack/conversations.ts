/**
 * Mentions and direct messages: a quick visible acknowledgement (👀 on the message), then the
 * agent's answer in the thread, stored so that its 👍/👎 rating can be read with it.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, SlackRepository } from '../app/ports/index.ts';
import type { Logger } from '../observability/logger.ts';
import { answerMessages } from './answer-message.ts';
import { conversationIdOf, NO_AGENT_TEXT, type AgentAnswer, type AskAgent } from './ask-agent.ts';
import { unmappedAnswer } from './dte-command.ts';
import type { SlackPoster } from './slack-poster.ts';

/** A message the bot was given (an app_mention, or a message in a DM). */
export interface IncomingMessage {
  team: string;
  user: string;
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
}

/** What answering needs. */
export interface ConversationOptions {
  poster: SlackPoster;
  actorOf(team: string, user: string): Promise<Actor | undefined>;
  answers: Pick<SlackRepository, 'saveAnswer'>;
  ask?: AskAgent;
  logger: Logger;
}

/** Acknowledges, then answers in the thread. Resolves when the answer is posted. */
export async function answerMessage(message: IncomingMessage, options: ConversationOptions): Promise<void> {
  const { poster } = options;
  const threadTs = message.threadTs ?? message.ts;
  await poster.react(message.channel, message.ts, 'eyes');
  const actor = await options.actorOf(message.team, message.user);
  if (actor === undefined) {
    await poster.post(message.channel, { text: unmappedAnswer(message.team, message.user).text, threadTs });
    return;
  }
  if (options.ask === undefined) {
    await poster.post(message.channel, { text: NO_AGENT_TEXT, threadTs });
    return;
  }
  const question = message.text.replace(/<@[A-Z0-9]+>/g, '').trim();
  const conversationId = conversationIdOf(message.channel, threadTs);
  let reply;
  try {
    reply = await options.ask(actor, { question, conversationId });
  } catch (error) {
    options.logger.error({ err: error instanceof Error ? error.message : String(error), conversationId }, 'the agent failed');
    await poster.post(message.channel, { text: 'I could not answer this time (the agent failed); please ask again in a moment.', threadTs });
    return;
  }
  await postAgentAnswer(options, message.channel, threadTs, actor, question, reply);
}

/** Stores an answer and posts it in the thread with its rating buttons. */
export async function postAgentAnswer(
  options: Pick<ConversationOptions, 'poster' | 'answers'>, channel: string, threadTs: string, actor: Actor, question: string, reply: AgentAnswer,
): Promise<void> {
  const id = randomUUID();
  await options.answers.saveAnswer({
    id, conversationId: conversationIdOf(channel, threadTs), askedBy: actor.subject, companies: actor.companies, question, answer: reply.answer,
    ...(reply.promptVersion ? { promptVersion: reply.promptVersion } : {}),
    ...(reply.citations ? { citations: reply.citations } : {}), ...(reply.actions ? { actions: reply.actions } : {}),
    ...(reply.toolCalls ? { toolCalls: reply.toolCalls } : {}),
  });
  for (const part of answerMessages(reply.answer, id, threadTs)) await options.poster.post(channel, part);
}
