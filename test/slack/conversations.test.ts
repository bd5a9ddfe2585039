import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/ports/index.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { NO_AGENT_TEXT } from '../../src/slack/ask-agent.ts';
import { answerMessage } from '../../src/slack/conversations.ts';
import { createSlackBot } from '../../src/slack/slack-bot.ts';
import { signatureProblem, slackSignature } from '../../src/slack/request-signature.ts';
import type { SlackMessage, SlackPoster } from '../../src/slack/slack-poster.ts';
import { splitText } from '../../src/slack/slack-text.ts';

/** A poster that records what the bot would send. */
function recordingPoster(): SlackPoster & { sent: Array<{ kind: string; channel: string; message?: SlackMessage; name?: string }> } {
  const sent: Array<{ kind: string; channel: string; message?: SlackMessage; name?: string }> = [];
  return {
    sent,
    async post(channel, message) { sent.push({ kind: 'post', channel, message }); return '1.1'; },
    async postEphemeral(channel, _user, message) { sent.push({ kind: 'ephemeral', channel, message }); },
    async react(channel, _ts, name) { sent.push({ kind: 'react', channel, name }); },
    async upload(channel) { sent.push({ kind: 'upload', channel }); },
    async identity() { return { botId: 'B', botUserId: 'U' }; },
  };
}

const actor: Actor = { subject: 'slack:T1:U1', role: 'viewer', companies: ['76192083-9'] };
const message = { team: 'T1', user: 'U1', channel: 'C1', ts: '5.5', text: '<@UBOT> why?' };

describe('answering without an agent', () => {
  it('acknowledges, then says plainly in the thread that the agent is not configured, storing nothing', async () => {
    const poster = recordingPoster();
    const saved: unknown[] = [];
    await answerMessage(message, { poster, actorOf: async () => actor, answers: { saveAnswer: async (answer) => void saved.push(answer) }, logger: createLogger({ level: 'silent' }) });
    expect(poster.sent.map((entry) => entry.kind)).toEqual(['react', 'post']);
    expect(poster.sent[1]!.message).toEqual({ text: NO_AGENT_TEXT, threadTs: '5.5' });
    expect(NO_AGENT_TEXT).toContain('not configured');
    expect(saved).toEqual([]);
  });

  it('tells the asker when the agent fails, without a rating', async () => {
    const poster = recordingPoster();
    await answerMessage(message, {
      poster, actorOf: async () => actor, answers: { saveAnswer: async () => undefined }, logger: createLogger({ level: 'silent' }),
      ask: async () => Promise.reject(new Error('model down')),
    });
    expect(poster.sent[1]!.message?.text).toContain('could not answer');
    expect(poster.sent[1]!.message?.blocks).toBeUndefined();
  });
});

describe('signatures and text limits', () => {
  it('checks the v0 signature over the exact body, within five minutes either way', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const timestamp = String(now.getTime() / 1000);
    const request = { timestamp, signature: slackSignature('secret', timestamp, 'a=1'), body: 'a=1' };
    expect(signatureProblem('secret', request, now)).toBeUndefined();
    expect(signatureProblem('secret', request, new Date(now.getTime() + 299_000))).toBeUndefined();
    expect(signatureProblem('secret', request, new Date(now.getTime() + 301_000))).toContain('five minutes');
    expect(signatureProblem('secret', request, new Date(now.getTime() - 301_000))).toContain('five minutes');
    expect(signatureProblem('other', request, now)).toContain('does not match');
    expect(signatureProblem('secret', { ...request, body: 'a=2' }, now)).toContain('does not match');
    expect(signatureProblem('secret', { ...request, signature: undefined }, now)).toContain('not signed');
  });

  it('splits at spaces or line breaks into pieces within the limit, losing no word', () => {
    const text = Array.from({ length: 500 }, (_, index) => `palabra${index}`).join(' ');
    const pieces = splitText(text, 300);
    expect(pieces.every((piece) => piece.length <= 300)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
    expect(splitText('x'.repeat(650), 300).map((piece) => piece.length)).toEqual([300, 300, 50]);
    expect(splitText('short')).toEqual(['short']);
  });
});

describe('modes', () => {
  it('serves /slack/events in HTTP mode and no route in Socket Mode', () => {
    const common = {
      botToken: 'xoxb-1', poster: recordingPoster(), logger: createLogger({ level: 'silent' }),
      services: {} as Parameters<typeof createSlackBot>[0]['services'], slackStore: {} as Parameters<typeof createSlackBot>[0]['slackStore'],
      feedback: {} as Parameters<typeof createSlackBot>[0]['feedback'],
    };
    expect(createSlackBot({ ...common, signingSecret: 'secret', appToken: null }).plugin).toBeTypeOf('function');
    expect(createSlackBot({ ...common, signingSecret: null, appToken: 'xapp-1' }).plugin).toBeUndefined();
  });

  it('forgets old event ids and does its other housekeeping when it starts, a failure only logged', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const calls: string[] = [];
    const bot = createSlackBot({
      botToken: 'xoxb-1', poster: recordingPoster(), logger: createLogger({ level: 'silent' }), signingSecret: 'secret', appToken: null, clock: () => now,
      services: {} as Parameters<typeof createSlackBot>[0]['services'],
      slackStore: { pruneEvents: async (before: Date) => (calls.push(`events before ${before.toISOString()}`), 0) } as unknown as Parameters<typeof createSlackBot>[0]['slackStore'],
      feedback: {} as Parameters<typeof createSlackBot>[0]['feedback'],
      housekeeping: [async () => Promise.reject(new Error('database down')), async (at) => void calls.push(`threads at ${at.toISOString()}`)],
    });
    await bot.start();
    await bot.stop();
    expect(calls).toEqual(['events before 2026-11-30T12:00:00.000Z', 'threads at 2026-12-01T12:00:00.000Z']);
  });
});
