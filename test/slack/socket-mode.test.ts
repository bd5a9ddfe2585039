import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { startEmbeddedService, DEMO_COMPANY, type EmbeddedService } from '../support/embedded-service.ts';
import { BOT, startFakeSlack, type FakeSlack } from './fake-slack.ts';

/**
 * Socket Mode (SLACK_APP_TOKEN) against a local fake of Slack's side: the bot opens its connection
 * through apps.connections.open on SLACK_API_URL, takes events and slash commands as envelopes over
 * the WebSocket, acknowledges each by its envelope id, and answers through the Web API as in HTTP mode.
 */
const TEAM = BOT.team;
let fake: FakeSlack;
let sockets: WebSocketServer;
let embedded: EmbeddedService;
const connected: WebSocket[] = [];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- messages are checked field by field.
const received: any[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => sockets.once('listening', () => resolve()));
  fake.socketUrl = `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/link`;
  sockets.on('connection', (socket) => {
    connected.push(socket);
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake', approximate_connection_time: 3600 } }));
  });
  embedded = await startEmbeddedService({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-1-test-app-token', SLACK_API_URL: fake.apiUrl });
  const response = await fetch(`${embedded.url}/v1/slack/users/${TEAM}/USOCKET`, {
    method: 'PUT', headers: { authorization: `Bearer ${await embedded.token('admin')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'viewer', companies: [DEMO_COMPANY] }),
  });
  expect(response.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await embedded?.close();
  for (const socket of connected) socket.terminate();
  await new Promise<void>((resolve) => sockets?.close(() => resolve()));
  await fake?.close();
});

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}; received ${JSON.stringify(received)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the Slack bot in Socket Mode', () => {
  it('connects through apps.connections.open on SLACK_API_URL and answers no HTTP events route', async () => {
    await until('a connection', () => connected.length > 0);
    expect(fake.of('apps.connections.open')).toHaveLength(1);
    expect((await fetch(`${embedded.url}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404);
  });

  it('acknowledges a slash command envelope with the answer in its payload', async () => {
    connected[0]!.send(JSON.stringify({
      envelope_id: 'env-command', type: 'slash_commands', accepts_response_payload: true,
      payload: { command: '/dte', text: 'explain CAF-3-517', team_id: TEAM, user_id: 'USOCKET', channel_id: 'C0CMD', response_url: `${fake.apiUrl}response`, trigger_id: 't1' },
    }));
    await until('the command acknowledged', () => received.some((message) => message.envelope_id === 'env-command'));
    const ack = received.find((message) => message.envelope_id === 'env-command');
    expect(JSON.stringify(ack.payload)).toContain('CAF-3-517');
  });

  it('acknowledges an event envelope, then answers the mention in its thread through the Web API', async () => {
    connected[0]!.send(JSON.stringify({
      envelope_id: 'env-mention', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '',
      payload: {
        type: 'event_callback', team_id: TEAM, api_app_id: 'A1', event_id: 'EvSocket1', event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM, user_id: BOT.userId, is_bot: true }],
        event: { type: 'app_mention', user: 'USOCKET', channel: 'C0SOCK', ts: '1700000900.000100', text: `<@${BOT.userId}> ¿una nota de débito lleva IVA?` },
      },
    }));
    await until('the event acknowledged', () => received.some((message) => message.envelope_id === 'env-mention'));
    await fake.waitFor(() => fake.of('chat.postMessage').some((call) => call.body.channel === 'C0SOCK' && call.body.thread_ts === '1700000900.000100'), 15_000);
    const reply = fake.of('chat.postMessage').find((call) => call.body.channel === 'C0SOCK')!.body;
    expect(reply.text).toMatch(/IVA/);
    expect(JSON.stringify(reply.blocks)).toContain('dte_rate_down');
  }, 20_000);
});
