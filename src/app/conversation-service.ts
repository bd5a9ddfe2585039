import { randomUUID } from 'node:crypto';
import { DteError } from '../core/errors.ts';
import type {
  Actor, AgentAnswer, AgentQuestion, AnswerEngine, ConversationRecord, ConversationService, ConversationTurn, Store,
} from './ports/index.ts';

/** How much of a conversation is kept and handed to the engine. */
export interface HistoryBudget {
  /** At most this many turns (a question and its answer are two). */
  turns: number;
  /** At most this many characters over all the kept turns. */
  characters: number;
}

/** Ten questions and their answers, or 12 000 characters, whichever is less. */
export const DEFAULT_HISTORY_BUDGET: HistoryBudget = { turns: 20, characters: 12_000 };

/** The longest question taken, in characters. */
export const MAXIMUM_QUESTION_LENGTH = 2_000;

/**
 * How long a thread nobody asks in keeps its conversation: a follow-up after that starts a new one.
 * Every answer in a thread rewrites its conversation, so a thread in use is never forgotten.
 */
export const THREAD_MEMORY_MS = 30 * 24 * 60 * 60 * 1000;

/** The conversation service, with the housekeeping of its threads. */
export interface ThreadedConversationService extends ConversationService {
  /** Lets go the threads nobody asked in for THREAD_MEMORY_MS before `now`; returns how many. */
  forgetIdleThreads(now: Date): Promise<number>;
}

export interface ConversationServiceDependencies {
  store: Store;
  engine: AnswerEngine;
  clock: () => Date;
  budget?: HistoryBudget;
}

/**
 * The agent's driving port: loads the conversation (only the asker's own, over companies they still
 * hold), hands the engine the question and the trimmed history, and stores the new turns. A question
 * in a front end's thread (`threadKey`) continues the asker's conversation of that thread, or starts
 * one that takes the thread when there is none (or it is no longer the asker's: their companies changed).
 */
export function createConversationService(dependencies: ConversationServiceDependencies): ThreadedConversationService {
  const { store, engine, clock } = dependencies;
  const budget = dependencies.budget ?? DEFAULT_HISTORY_BUDGET;
  return {
    async ask(actor: Actor, question: AgentQuestion): Promise<AgentAnswer> {
      const text = question.question.trim();
      if (text === '' || text.length > MAXIMUM_QUESTION_LENGTH) {
        const message = `question must have 1 to ${MAXIMUM_QUESTION_LENGTH} characters.`;
        throw new DteError('VALIDATION_FAILED', message, { details: [{ pointer: '/question', message }] });
      }
      const existing = question.conversationId !== undefined ? await ownConversation(store, actor, question.conversationId)
        : question.threadKey !== undefined ? await threadConversation(store, actor, question.threadKey) : undefined;
      const history = trimHistory(existing?.turns ?? [], budget);
      const answer = await engine.answer(actor, {
        question: text, history,
        ...(question.documentId === undefined ? {} : { documentId: question.documentId }),
      });
      const id = existing?.id ?? randomUUID();
      const at = clock().toISOString();
      const documentId = question.documentId ?? answer.citations.find((citation) => citation.kind === 'document')?.id;
      const about = documentId === undefined ? {} : { documentId };
      const turns: ConversationTurn[] = [...history, { role: 'user', text, at, ...about }, { role: 'assistant', text: answer.answer, at, ...about }];
      const threadKey = question.threadKey ?? existing?.threadKey ?? undefined;
      await store.conversations.save({
        id, subject: actor.subject, companyRuts: existing?.companyRuts ?? [...actor.companies], turns: trimHistory(turns, budget), ...(threadKey === undefined ? {} : { threadKey }),
      });
      return { ...answer, conversationId: id };
    },
    forgetIdleThreads: (now) => store.conversations.forgetThreads(new Date(now.getTime() - THREAD_MEMORY_MS)),
  };
}

/** The asker's conversation of a thread, when it is still theirs (every company of it still the actor's). */
async function threadConversation(store: Store, actor: Actor, threadKey: string): Promise<ConversationRecord | undefined> {
  const record = await store.conversations.findByThread(actor.subject, threadKey);
  return record !== undefined && owns(actor, record) ? record : undefined;
}

function owns(actor: Actor, record: ConversationRecord): boolean {
  return record.subject === actor.subject && record.companyRuts.every((rut) => actor.companies.includes(rut));
}

/** The conversation when it is the actor's: same subject, and every company of it still the actor's. */
async function ownConversation(store: Store, actor: Actor, id: string): Promise<ConversationRecord> {
  const record = await store.conversations.get(id);
  if (record === undefined || !owns(actor, record)) throw new DteError('NOT_FOUND', `There is no conversation ${id}.`);
  return record;
}

/** The newest turns within the budget, oldest first; never a dangling answer without its question. */
export function trimHistory(turns: readonly ConversationTurn[], budget: HistoryBudget): ConversationTurn[] {
  const kept: ConversationTurn[] = [];
  let characters = 0;
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const turn = turns[index] as ConversationTurn;
    if (kept.length >= budget.turns || characters + turn.text.length > budget.characters) break;
    kept.unshift(turn);
    characters += turn.text.length;
  }
  while (kept[0]?.role === 'assistant') kept.shift();
  return kept;
}
