import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/ports/index.ts';
import type { AgentQuestion } from '../../src/slack/ask-agent.ts';
import { sampleRequest } from '../support/requests.ts';
import { BOT } from './fake-slack.ts';
import { startSlackHarness, TEAM, type SlackHarness } from './slack-harness.ts';

/**
 * Mentions and DMs through the running service to an injected agent (scripted here, and slow on
 * purpose): a quick acknowledgement, the answer in the thread, one answer per event id whatever
 * Slack retries, threads as conversations, ratings, pacing and a 429 waited out.
 */
const PACING_MS = 300;
let harness: SlackHarness;
const asked: Array<{ actor: Actor; question: AgentQuestion }> = [];
let delayMs = 0;
let answerText = (question: string) => `Answer to: ${question}`;

beforeAll(async () => {
  harness = await startSlackHarness({
    pacingMs: PACING_MS,
    ask: async (actor, question) => {
      asked.push({ actor, question });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return {
        answer: answerText(question.question), citations: [{ title: 'Resolución Exenta SII N° 45' }], promptVersion: 'test-1',
        toolCalls: [{ name: 'find_document', ok: true, arguments: { type: 33, folio: 12 } }],
      };
    },
  });
  expect(await harness.map('UASKER', 'viewer')).toBe(200);
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

afterEach(() => {
  answerText = (question) => `Answer to: ${question}`;
  delayMs = 0;
});

const repliesIn = (channel: string, threadTs: string) =>
  harness.fake.of('chat.postMessage').filter((call) => call.body.channel === channel && call.body.thread_ts === threadTs);

describe('mentions and direct messages', () => {
  it('acknowledges a mention inside 3 s while the agent is still working, then answers in the thread with 👍/👎', async () => {
    delayMs = 4_000;
    const started = Date.now();
    const answer = await harness.event('EvSlow', { type: 'app_mention', user: 'UASKER', channel: 'C0ASK', ts: '1700000100.000100', text: `<@${BOT.userId}> why was factura 12 rejected?` });
    expect(answer.status).toBe(200);
    expect(answer.milliseconds).toBeLessThan(3_000);
    await harness.fake.waitFor(() => harness.fake.of('reactions.add').some((call) => call.body.timestamp === '1700000100.000100'), 3_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(repliesIn('C0ASK', '1700000100.000100')).toHaveLength(0);
    await harness.fake.waitFor(() => repliesIn('C0ASK', '1700000100.000100').length === 1, 8_000);
    const reply = repliesIn('C0ASK', '1700000100.000100')[0]!.body;
    expect(reply.text).toBe('Answer to: why was factura 12 rejected?');
    const buttons = reply.blocks.find((block: { type: string }) => block.type === 'actions').elements;
    expect(buttons.map((button: { text: { text: string } }) => button.text.text)).toEqual(['👍', '👎']);
    expect(asked[0]!.actor).toMatchObject({ subject: `slack:${TEAM}:UASKER`, role: 'viewer' });
    delayMs = 0;

    // Nobody else rates it: a user not mapped, nor one of another company in the same channel.
    expect(await harness.map('UFOREIGN', 'viewer', ['96670340-7'])).toBe(200);
    for (const stranger of ['UNOBODY', 'UFOREIGN']) {
      await harness.press(stranger, 'dte_rate_up', buttons[0].value, { channel: 'C0ASK', ts: '1700000100.000100' });
      await harness.fake.waitFor(() => harness.fake.of('chat.postEphemeral').some((call) => call.body.user === stranger));
      expect(harness.fake.of('chat.postEphemeral').find((call) => call.body.user === stranger)!.body.text).not.toContain('your rating is kept');
    }
    const unrated = await fetch(`${harness.url}/v1/slack/feedback?rating=up`, { headers: { authorization: `Bearer ${await harness.token('admin', ['76192083-9', '96670340-7'])}` } });
    expect(((await unrated.json()) as { items: unknown[] }).items).toEqual([]);
    await harness.press('UASKER', 'dte_rate_down', buttons[1].value, { channel: 'C0ASK', ts: '1700000100.000100' });
    await harness.fake.waitFor(() => harness.fake.of('chat.postEphemeral').some((call) => call.body.user === 'UASKER'));
    expect(harness.fake.of('chat.postEphemeral').find((call) => call.body.user === 'UASKER')!.body.text).toContain('your rating is kept');
    const feedback = await fetch(`${harness.url}/v1/slack/feedback?rating=down`, { headers: { authorization: `Bearer ${await harness.token('admin')}` } });
    expect(feedback.status).toBe(200);
    const { items } = await feedback.json() as { items: Array<Record<string, unknown>> };
    expect(items.find((item) => item.question === 'why was factura 12 rejected?')).toMatchObject({
      answer: 'Answer to: why was factura 12 rejected?', promptVersion: 'test-1', rating: 'down',
      toolCalls: [{ name: 'find_document', ok: true, arguments: { type: 33, folio: 12 } }],
    });
  }, 20_000);

  it('answers an event once however often Slack retries it, and continues the thread\'s conversation', async () => {
    const first = { type: 'app_mention', user: 'UASKER', channel: 'C0ASK', ts: '1700000200.000100', text: `<@${BOT.userId}> first question` };
    await harness.event('EvOnce', first);
    await harness.event('EvOnce', first, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await harness.event('EvOnce', first, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    await harness.fake.waitFor(() => repliesIn('C0ASK', first.ts).length >= 1);
    await harness.event('EvFollow', { type: 'app_mention', user: 'UASKER', channel: 'C0ASK', ts: '1700000200.000300', thread_ts: first.ts, text: `<@${BOT.userId}> and then?` });
    await harness.fake.waitFor(() => repliesIn('C0ASK', first.ts).length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(repliesIn('C0ASK', first.ts)).toHaveLength(2);
    const questions = asked.filter((entry) => entry.question.conversationId === `slack:C0ASK:${first.ts}`).map((entry) => entry.question.question);
    expect(questions).toEqual(['first question', 'and then?']);
  });

  it('answers a DM in its thread, and never answers itself or other bots', async () => {
    await harness.event('EvDm', { type: 'message', channel_type: 'im', user: 'UASKER', channel: 'D0DM', ts: '1700000300.000100', text: 'folios?' });
    await harness.fake.waitFor(() => repliesIn('D0DM', '1700000300.000100').length === 1);
    const before = asked.length;
    await harness.event('EvSelf', { type: 'message', channel_type: 'im', user: BOT.userId, bot_id: BOT.botId, channel: 'D0DM', ts: '1700000300.000200', text: 'Answer to: folios?' });
    await harness.event('EvBot', { type: 'message', channel_type: 'im', user: 'UOTHERBOT', bot_id: 'BOTHER', subtype: 'bot_message', channel: 'D0DM', ts: '1700000300.000300', text: 'hi' });
    await harness.event('EvBotMention', { type: 'app_mention', user: 'UOTHERBOT', bot_id: 'BOTHER', channel: 'C0ASK', ts: '1700000300.000400', text: `<@${BOT.userId}> hi` });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(asked.length).toBe(before);
    expect(harness.fake.of('chat.postMessage').filter((call) => ['1700000300.000200', '1700000300.000300', '1700000300.000400'].includes(call.body.thread_ts))).toHaveLength(0);
  });

  it('tells an unmapped user whom to ask, without asking the agent', async () => {
    const before = asked.length;
    await harness.event('EvStranger', { type: 'app_mention', user: 'USTRANGER', channel: 'C0ASK', ts: '1700000400.000100', text: `<@${BOT.userId}> show me everything` });
    await harness.fake.waitFor(() => repliesIn('C0ASK', '1700000400.000100').length === 1);
    expect(repliesIn('C0ASK', '1700000400.000100')[0]!.body.text).toContain(`PUT /v1/slack/users/${TEAM}/USTRANGER`);
    expect(asked.length).toBe(before);
  });

  it('splits a long answer within Slack\'s limits, the buttons on the last part, posts paced per channel', async () => {
    answerText = () => `${'Una línea larga sobre notas de crédito y referencias. '.repeat(60)}\n`.repeat(3);
    await harness.event('EvLong', { type: 'app_mention', user: 'UASKER', channel: 'C0LONG', ts: '1700000500.000100', text: `<@${BOT.userId}> explain at length` });
    const rated = (call: { body: { blocks?: Array<{ type: string }> } }) => (call.body.blocks ?? []).some((block) => block.type === 'actions');
    await harness.fake.waitFor(() => repliesIn('C0LONG', '1700000500.000100').some(rated), 8_000);
    const parts = repliesIn('C0LONG', '1700000500.000100');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(String(part.body.text).length).toBeLessThanOrEqual(3_000);
    expect(parts.map(rated)).toEqual([...parts.slice(1).map(() => false), true]);
    expect(parts.map((part) => part.body.text).join(' ').replace(/\s+/g, ' ')).toBe(answerText('').trim().replace(/\s+/g, ' '));
    // Paced: arrivals at the fake jitter by tens of milliseconds on a loaded machine, so each gap is
    // held to well over half the pace (unpaced posts arrive a few milliseconds apart) and the whole
    // run to the pace times the gaps, less that jitter.
    const gaps = parts.slice(1).map((part, index) => part.at - parts[index]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(PACING_MS * 0.6);
    expect(gaps.reduce((sum, gap) => sum + gap, 0)).toBeGreaterThanOrEqual(gaps.length * PACING_MS - 100);
  });

  it('Explain on an alert asks the agent about that document, as the presser, and answers in the alert\'s thread', async () => {
    const response = await fetch(`${harness.url}/v1/documents`, {
      method: 'POST', body: JSON.stringify(sampleRequest(61)),
      headers: { authorization: `Bearer ${await harness.token('issuer')}`, 'content-type': 'application/json' },
    });
    const { id } = await response.json() as { id: string };
    const alert = () => harness.fake.of('chat.postMessage').find((call) => call.body.channel === 'C0ALERTS' && JSON.stringify(call.body.blocks ?? []).includes(id));
    await harness.fake.waitFor(() => alert() !== undefined, 15_000);
    await harness.press('UASKER', 'dte_explain', id, { channel: 'C0ALERTS', ts: '1700000700.000100' });
    await harness.fake.waitFor(() => repliesIn('C0ALERTS', '1700000700.000100').length === 1);
    const question = asked.at(-1)!;
    expect(question.question).toMatchObject({ documentId: id, conversationId: 'slack:C0ALERTS:1700000700.000100' });
    expect(question.question.question).toMatch(/^Why was DTE 61 folio \d+ rejected/);
    expect(question.actor.subject).toBe(`slack:${TEAM}:UASKER`);
    expect(JSON.stringify(repliesIn('C0ALERTS', '1700000700.000100')[0]!.body.blocks)).toContain('dte_rate_up');
  }, 20_000);

  it('waits out a 429\'s Retry-After and then posts once', async () => {
    harness.fake.rateLimitNext('chat.postMessage', 1);
    await harness.event('EvLimited', { type: 'app_mention', user: 'UASKER', channel: 'C0RATE', ts: '1700000600.000100', text: `<@${BOT.userId}> hello` });
    await harness.fake.waitFor(() => repliesIn('C0RATE', '1700000600.000100').length === 1, 8_000);
    const attempts = harness.fake.of('chat.postMessage', true).filter((call) => call.body.channel === 'C0RATE');
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
  });
});
