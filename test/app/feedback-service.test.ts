import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFeedbackService } from '../../src/app/feedback-service.ts';
import type { Actor } from '../../src/app/ports/index.ts';
import { openStore } from '../../src/store/open-store.ts';

describe('rated answers for the evals', () => {
  it("shows an admin the answers rated 👎 of their own companies only, newest first, and nobody else", async () => {
    const { store } = await openStore({ masterKey: Buffer.alloc(32, 2) });
    const answer = async (question: string, companies: string[], rating: 'up' | 'down' | undefined) => {
      const id = randomUUID();
      await store.slack.saveAnswer({
        id, conversationId: 'slack:C1:1', askedBy: 'slack:T1:U1', companies, question, answer: `about ${question}`, promptVersion: 'v3',
        toolCalls: [{ name: 'explain_sii_codes', ok: true, arguments: { codes: [question] } }],
      });
      if (rating) await store.slack.rateAnswer(id, rating, 'slack:T1:U1');
      return id;
    };
    await answer('first', ['76192083-9'], 'down');
    await answer('second', ['76192083-9'], 'down');
    await answer('liked', ['76192083-9'], 'up');
    await answer('unrated', ['76192083-9'], undefined);
    await answer('other company', ['96670340-7'], 'down');
    await answer('both companies', ['76192083-9', '96670340-7'], 'down');
    const feedback = createFeedbackService(store);
    const admin: Actor = { subject: 'admin', role: 'admin', companies: ['76192083-9'] };
    expect((await feedback.rated(admin, 'down')).map((item) => item.question)).toEqual(['second', 'first']);
    expect((await feedback.rated(admin, 'down'))[0]).toMatchObject({
      answer: 'about second', promptVersion: 'v3', rating: 'down', companies: ['76192083-9'],
      toolCalls: [{ name: 'explain_sii_codes', ok: true, arguments: { codes: ['second'] } }],
    });
    expect((await feedback.rated(admin, 'down', 1)).map((item) => item.question)).toEqual(['second']);
    expect((await feedback.rated({ ...admin, companies: ['76192083-9', '96670340-7'] }, 'down')).map((item) => item.question)).toEqual(['both companies', 'other company', 'second', 'first']);
    await expect(feedback.rated({ ...admin, role: 'issuer' }, 'down')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('orders by the latest rating, so an answer rated again comes first', async () => {
    const { store } = await openStore({ masterKey: Buffer.alloc(32, 2) });
    const ids: string[] = [];
    for (const question of ['one', 'two', 'three']) {
      const id = randomUUID();
      ids.push(id);
      await store.slack.saveAnswer({ id, conversationId: 'slack:C1:1', askedBy: 'slack:T1:U1', companies: ['76192083-9'], question, answer: question });
      await store.slack.rateAnswer(id, 'down', 'slack:T1:U1');
    }
    await store.slack.rateAnswer(ids[0]!, 'down', 'slack:T1:U2');
    const admin: Actor = { subject: 'admin', role: 'admin', companies: ['76192083-9'] };
    expect((await createFeedbackService(store).rated(admin, 'down')).map((item) => item.question)).toEqual(['one', 'three', 'two']);
    expect((await createFeedbackService(store).rated(admin, 'down'))[0]).not.toHaveProperty('toolCalls');
  });
});
