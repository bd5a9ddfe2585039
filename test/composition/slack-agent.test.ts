import { describe, expect, it } from 'vitest';
import type { AgentAnswer, AgentQuestion, ConversationService } from '../../src/app/ports/agent.ts';
import type { Actor } from '../../src/app/ports/index.ts';
import { slackAskAgent } from '../../src/composition/slack-agent.ts';
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
