import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { createConversationService, THREAD_MEMORY_MS, trimHistory } from '../../src/app/conversation-service.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import type { Actor, AnswerEngine, EngineQuestion } from '../../src/app/ports/index.ts';
import { createPgliteDatabase } from '../../src/store/pglite-database.ts';
import { createStore } from '../../src/store/create-store.ts';
import { migrate } from '../../src/store/migrate.ts';

const ana: Actor = { subject: 'ana', role: 'viewer', companies: ['76192083-9'] };

/** An engine that repeats what it was handed, so the test sees the history it got. */
function echoEngine(seen: EngineQuestion[]): AnswerEngine {
  return {
    async answer(_actor, question) {
      seen.push(question);
      return {
        answer: `answer to ${question.question}`, mode: 'offline', citations: [], actions: [], toolCalls: [], promptVersion: 'test',
        toolSetHash: 'x', outcome: 'answered', usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, steps: 1, latencyMs: 0 },
      };
    },
  };
}

async function service(seen: EngineQuestion[]) {
  const database = await createPgliteDatabase();
  await migrate(database);
  const store = createStore(database, { masterKey: Buffer.alloc(32, 1) });
  return { conversations: createConversationService({ store, engine: echoEngine(seen), clock: () => new Date('2026-12-01T12:00:00Z') }), store, database };
}

describe('conversation service', () => {
  it('continues a conversation with its history, for the same actor only', async () => {
    const seen: EngineQuestion[] = [];
    const { conversations, database } = await service(seen);
    const first = await conversations.ask(ana, { question: '¿qué es una NC?' });
    const second = await conversations.ask(ana, { question: '¿y una ND?', conversationId: first.conversationId });
    expect(second.conversationId).toBe(first.conversationId);
    expect(seen[1]?.history.map((turn) => turn.text)).toEqual(['¿qué es una NC?', 'answer to ¿qué es una NC?']);
    await expect(conversations.ask({ ...ana, subject: 'bruno' }, { question: 'hola', conversationId: first.conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(conversations.ask({ ...ana, companies: ['11111111-1'] }, { question: 'hola', conversationId: first.conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(conversations.ask(ana, { question: 'hola', conversationId: '5d2f7a8e-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(conversations.ask(ana, { question: '   ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await database.close();
  });

  it('continues a conversation after a restart, from what the database kept', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dte-conversation-'));
    const masterKey = Buffer.alloc(32, 9);
    try {
      const seen: EngineQuestion[] = [];
      const first = await openStore({ dataDirectory: directory, masterKey });
      const before = await createConversationService({ store: first.store, engine: echoEngine(seen), clock: () => new Date() }).ask(ana, { question: '¿qué es el CAF?' });
      await first.database.close();
      const second = await openStore({ dataDirectory: directory, masterKey });
      const after = await createConversationService({ store: second.store, engine: echoEngine(seen), clock: () => new Date() }).ask(ana, { question: '¿y cuánto dura?', conversationId: before.conversationId });
      expect(after.conversationId).toBe(before.conversationId);
      expect(seen[1]?.history.map((turn) => turn.text)).toEqual(['¿qué es el CAF?', 'answer to ¿qué es el CAF?']);
      await second.database.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('trims history to the newest turns within the budget, never starting with an answer', () => {
    const turns = Array.from({ length: 6 }, (_, index) => ({ role: index % 2 === 0 ? 'user' as const : 'assistant' as const, text: `t${index}`, at: '' }));
    expect(trimHistory(turns, { turns: 3, characters: 100 }).map((turn) => turn.text)).toEqual(['t4', 't5']);
    expect(trimHistory(turns, { turns: 10, characters: 6 }).map((turn) => turn.text)).toEqual(['t4', 't5']);
    expect(trimHistory(turns, { turns: 10, characters: 100 })).toHaveLength(6);
  });
});

describe('conversations of a front end\'s thread', () => {
  it('continue one conversation per thread and person, and start anew when the old one is no longer theirs', async () => {
    const seen: EngineQuestion[] = [];
    const { conversations, database } = await service(seen);
    const thread = 'slack:C1:1700000000.1';
    const first = await conversations.ask(ana, { question: 'hola', threadKey: thread });
    const again = await conversations.ask(ana, { question: '¿y la otra?', threadKey: thread });
    expect(again.conversationId).toBe(first.conversationId);
    expect(seen[1]?.history.map((turn) => turn.text)).toEqual(['hola', 'answer to hola']);
    const bruno = await conversations.ask({ ...ana, subject: 'bruno' }, { question: 'hola', threadKey: thread });
    expect(bruno.conversationId).not.toBe(first.conversationId);
    expect((await conversations.ask(ana, { question: 'otra', threadKey: 'slack:C1:1700000000.2' })).conversationId).not.toBe(first.conversationId);
    // Ana's companies changed: the thread's conversation is no longer hers, and a new one takes the thread.
    const moved = { ...ana, companies: ['96670340-7'] };
    const anew = await conversations.ask(moved, { question: 'hola de nuevo', threadKey: thread });
    expect(anew.conversationId).not.toBe(first.conversationId);
    expect(seen.at(-1)?.history).toEqual([]);
    expect((await conversations.ask(moved, { question: '¿sigues?', threadKey: thread })).conversationId).toBe(anew.conversationId);
    await database.close();
  });

  it('forget a thread nobody asked in for the memory window, and keep one in use however old', async () => {
    const { conversations, database } = await service([]);
    const live = await conversations.ask(ana, { question: 'hola', threadKey: 'slack:C1:1.1' });
    const idle = await conversations.ask(ana, { question: 'hola', threadKey: 'slack:C1:1.2' });
    const plain = await conversations.ask(ana, { question: 'sin hilo' });
    // All began long ago; the live thread has a follow-up now, which continues it.
    await database.query(`UPDATE conversations SET updated_at = now() - interval '45 days'`);
    expect((await conversations.ask(ana, { question: '¿y ahora?', threadKey: 'slack:C1:1.1' })).conversationId).toBe(live.conversationId);
    expect(THREAD_MEMORY_MS).toBe(30 * 24 * 3600 * 1000);
    expect(await conversations.forgetIdleThreads(new Date())).toBe(1);
    expect((await conversations.ask(ana, { question: '¿después?', threadKey: 'slack:C1:1.1' })).conversationId).toBe(live.conversationId);
    expect((await conversations.ask(ana, { question: '¿sigues?', threadKey: 'slack:C1:1.2' })).conversationId).not.toBe(idle.conversationId);
    // A conversation continued by its id is not a thread's, and stays.
    expect((await conversations.ask(ana, { question: 'sigo', conversationId: plain.conversationId })).conversationId).toBe(plain.conversationId);
    await database.close();
  });

  it('keep the threads the Slack bot kept in settings before they were the conversation\'s (migration 11)', async () => {
    const database = await createPgliteDatabase();
    await migrate(database, MIGRATIONS.filter((migration) => migration.id < 11));
    const id = '5d2f7a8e-0000-4000-8000-000000000011';
    await database.query(`INSERT INTO conversations (id, subject, company_ruts, turns) VALUES ($1, 'slack:T1:U1', '["76192083-9"]'::jsonb, '[]'::jsonb)`, [id]);
    await database.query(`INSERT INTO settings (key, value) VALUES ('slack.conversation:slack:C1:1700000000.1:slack:T1:U1', $1)`, [id]);
    await migrate(database);
    const store = createStore(database, { masterKey: Buffer.alloc(32, 1) });
    expect((await store.conversations.findByThread('slack:T1:U1', 'slack:C1:1700000000.1'))?.id).toBe(id);
    expect(await store.settings.get('slack.conversation:slack:C1:1700000000.1:slack:T1:U1')).toBeUndefined();
    await database.close();
  });
});
