import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import { randomRut, sampleCompany } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

/** The Slack bot's event ids (claimed once across instances) and its rated answers. */
export function slackTests(context: SuiteContext): void {
  describe('slack events and answers', () => {
    it('claims an event id once, even from two connections at the same time, and prunes old ids', async () => {
      const other = createStore(context.harness.connect(), { masterKey: context.masterKey });
      const eventId = `Ev${Math.random()}`;
      const claims = await Promise.all([context.store.slack.claimEvent(eventId), other.slack.claimEvent(eventId)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await context.store.slack.claimEvent(eventId)).toBe(false);
      expect(await context.store.slack.pruneEvents(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
      expect(await context.store.slack.claimEvent(eventId)).toBe(true);
    });

    it('keeps an answer and its rating, replaced by a later rating; unknown ids are no answer', async () => {
      const id = randomUUID();
      await context.store.slack.saveAnswer({
        id, conversationId: 'slack:C1:1.2', askedBy: 'slack:T1:U1', question: '¿Por qué?', answer: 'Porque.', promptVersion: 'v1', citations: [{ title: 'Manual' }],
      });
      expect(await context.store.slack.getAnswer(id)).toMatchObject({ question: '¿Por qué?', answer: 'Porque.', promptVersion: 'v1', rating: null, citations: [{ title: 'Manual' }] });
      expect(await context.store.slack.rateAnswer(id, 'down', 'slack:T1:U2')).toBe(true);
      expect(await context.store.slack.rateAnswer(id, 'up', 'slack:T1:U3')).toBe(true);
      expect(await context.store.slack.getAnswer(id)).toMatchObject({ rating: 'up', ratedBy: 'slack:T1:U3' });
      expect(await context.store.slack.rateAnswer(randomUUID(), 'up', 'x')).toBe(false);
      expect(await context.store.slack.rateAnswer('not-a-uuid', 'up', 'x')).toBe(false);
      expect(await context.store.slack.getAnswer('not-a-uuid')).toBeUndefined();
    });

    it('lists rated answers with their tool calls, only of companies all within those asked, latest rating first', async () => {
      const own = `7${Math.floor(Math.random() * 1e7)}-1`;
      const other = `8${Math.floor(Math.random() * 1e7)}-1`;
      const save = async (question: string, companies: string[]) => {
        const id = randomUUID();
        await context.store.slack.saveAnswer({
          id, conversationId: 'slack:C1:1.2', askedBy: 'slack:T1:U1', companies, question, answer: question,
          toolCalls: [{ name: 'find_document', ok: true, arguments: { folio: question.length } }],
        });
        await context.store.slack.rateAnswer(id, 'down', 'slack:T1:U2');
        return id;
      };
      const a = await save('a', [own]);
      await save('bb', [own, other]);
      await save('ccc', [own]);
      await context.store.slack.rateAnswer(a, 'down', 'slack:T1:U3');
      const listed = await context.store.slack.ratedAnswers('down', [own], 10);
      expect(listed.map((answer) => answer.question)).toEqual(['a', 'ccc']);
      expect(listed[1]).toMatchObject({ toolCalls: [{ name: 'find_document', ok: true, arguments: { folio: 3 } }] });
      expect((await context.store.slack.ratedAnswers('down', [other, own], 10)).map((answer) => answer.question)).toEqual(['a', 'ccc', 'bb']);
      expect(await context.store.slack.ratedAnswers('up', [own], 10)).toEqual([]);
      expect(await context.store.slack.ratedAnswers('down', [], 10)).toEqual([]);
    });

    it("keeps each company's alert channel apart, replaces and removes it, and refuses a company not registered", async () => {
      const [first, second] = [randomRut(), randomRut()];
      for (const rut of [first, second]) await context.store.companies.save(sampleCompany(rut));
      const { slack } = context.store;
      expect(await slack.alertChannel(first)).toBeUndefined();
      expect(await slack.saveAlertChannel({ companyRut: first, channel: 'C0FIRST', setBy: 'admin-1' })).toMatchObject({ companyRut: first, channel: 'C0FIRST', setBy: 'admin-1' });
      await slack.saveAlertChannel({ companyRut: second, channel: 'C0SECOND', setBy: 'admin-2' });
      await slack.saveAlertChannel({ companyRut: first, channel: 'G0PRIVATE', setBy: 'admin-3' });
      expect(await slack.alertChannel(first)).toMatchObject({ channel: 'G0PRIVATE', setBy: 'admin-3', updatedAt: expect.any(Date) });
      expect((await slack.alertChannel(second))?.channel).toBe('C0SECOND');
      expect(await slack.removeAlertChannel(first)).toBe(true);
      expect(await slack.removeAlertChannel(first)).toBe(false);
      expect(await slack.alertChannel(first)).toBeUndefined();
      expect((await slack.alertChannel(second))?.channel).toBe('C0SECOND');
      await expect(slack.saveAlertChannel({ companyRut: randomRut(), channel: 'C0NOBODY', setBy: 'admin-1' })).rejects.toThrow();
    });
  });
}
