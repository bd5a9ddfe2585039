import { describe, expect, it } from 'vitest';
import type { AgentAnswer, AgentQuestion, ConversationService } from '../../src/app/ports/agent.ts';
import type { Actor } from '../../src/app/ports/index.ts';
import { forgetIdleSlackThreads, slackAskAgent, SLACK_THREAD_PREFIX, THREAD_MEMORY_MS } from '../../src/composition/slack-agent.ts';
import { DteError } from '../../src/core/errors.ts';
import { openStore } from '../../src/store/open-store.ts';

const actor: Actor = { subject: 'slack:T1:U1', role: 'viewer', companies: ['76192083-9'] };

/** A conversation service that records what it was asked and numbers its conversations. */
function recordingService(known: Set<string>): { service: ConversationService; asked: AgentQuestion[] } {
  const asked: AgentQuestion[] = [];
  let next = 0;
  const service: ConversationService = {
    async ask(_actor, question) {
      asked.push(question);
      if (question.conversationId !== undefined && !known.has(question.conversationId)) throw new DteError('NOT_FOUND', 'no such conversation');
      const conversationId = question.conversationId ?? `c${(next += 1)}`;
      known.add(conversationId);
      return { answer: `answer in ${conversationId}`, conversationId, citations: [], actions: [], promptVersion: 'v1' } as unknown as AgentAnswer;
    },
  };
  return { service, asked };
}

describe("the Slack bot's ask over the conversation service", () => {
  it('continues one conversation per thread and person, and starts anew when the old one is no longer theirs', async () => {
    const { store } = await openStore({ masterKey: Buffer.alloc(32, 1) });
    const known = new Set<string>();
    const { service, asked } = recordingService(known);
    const ask = slackAskAgent(service, store);
    const thread = { conversationId: 'slack:C1:1700000000.1', question: 'hola' };
    expect((await ask(actor, thread)).answer).toBe('answer in c1');
    expect((await ask(actor, { ...thread, question: '¿y la otra?' })).answer).toBe('answer in c1');
    expect(asked.map((question) => question.conversationId)).toEqual([undefined, 'c1']);
    expect((await ask({ ...actor, subject: 'slack:T1:U2' }, thread)).answer).toBe('answer in c2');
    known.clear();
    expect((await ask(actor, thread)).answer).toBe('answer in c3');
  });
});

describe('forgetting idle Slack threads', () => {
  it('forgets a thread nobody answered in for the memory window, keeps one in use however old, and leaves other settings', async () => {
    const { store, database } = await openStore({ masterKey: Buffer.alloc(32, 2) });
    const { service, asked } = recordingService(new Set<string>());
    const ask = slackAskAgent(service, store);
    const live = { conversationId: 'slack:C1:1700000000.1', question: 'hola' };
    const idle = { conversationId: 'slack:C1:1700000000.2', question: 'hola' };
    expect((await ask(actor, live)).answer).toBe('answer in c1');
    expect((await ask(actor, idle)).answer).toBe('answer in c2');
    await store.settings.put('local.other-setting', 'kept');
    // Both threads began long ago; the live one has a follow-up now, which continues it.
    await database.query(`UPDATE settings SET updated_at = now() - interval '45 days'`);
    expect((await ask(actor, { ...live, question: '¿y ahora?' })).answer).toBe('answer in c1');
    expect(await forgetIdleSlackThreads(store, new Date())).toBe(1);
    expect(await store.settings.get(`${SLACK_THREAD_PREFIX}${idle.conversationId}:${actor.subject}`)).toBeUndefined();
    expect(await store.settings.get('local.other-setting')).toBe('kept');
    expect((await ask(actor, { ...live, question: '¿y después?' })).answer).toBe('answer in c1');
    expect((await ask(actor, { ...idle, question: '¿sigues?' })).answer).toBe('answer in c3');
    expect(asked.map((question) => question.conversationId)).toEqual([undefined, undefined, 'c1', 'c1', undefined]);
    expect(await forgetIdleSlackThreads(store, new Date(Date.now() + THREAD_MEMORY_MS - 60_000))).toBe(0);
    expect(await forgetIdleSlackThreads(store, new Date(Date.now() + THREAD_MEMORY_MS + 60_000))).toBe(2);
    await database.close();
  });
});
