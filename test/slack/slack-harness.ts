/**
 * The whole service with Slack on (HTTP mode), its Web API pointed at the local fake, and helpers to
 * send Slack's signed requests to it as Slack does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createService, type Service } from '../../src/service.ts';
import type { AskAgent } from '../../src/slack/ask-agent.ts';
import { slackSignature } from '../../src/slack/request-signature.ts';
import { BOT, startFakeSlack, type FakeSlack } from './fake-slack.ts';

export const DEMO = '76192083-9';
export const SIGNING_SECRET = 'test-signing-secret-of-the-slack-app';
export const ALERT_CHANNEL = 'C0ALERTS';
export const TEAM = BOT.team;

/** A started service, its fake Slack and the helpers. */
export interface SlackHarness {
  service: Service;
  url: string;
  fake: FakeSlack;
  /** Posts a body signed with the app's secret (or the given headers), as Slack does. */
  signed(body: string, contentType: string, headers?: Record<string, string>): Promise<{ status: number; text: string; milliseconds: number }>;
  /** A slash command from `user`. */
  command(user: string, text: string): Promise<{ status: number; text: string }>;
  /** A button press on a message. */
  press(user: string, actionId: string, value: string, message: { channel: string; ts: string }): Promise<{ status: number }>;
  /** An Events API event (app_mention, message) with its event id. */
  event(eventId: string, event: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; text: string; milliseconds: number }>;
  token(role: 'admin' | 'issuer' | 'viewer', companies?: string[]): Promise<string>;
  /** Maps a Slack user of TEAM through the admin route. */
  map(user: string, role: 'admin' | 'issuer' | 'viewer', companies?: string[]): Promise<number>;
  close(): Promise<void>;
}

/** Starts everything; `ask` is the agent given to the bot. */
export async function startSlackHarness(options: { ask?: AskAgent; pacingMs?: number } = {}): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const directory = mkdtempSync(join(tmpdir(), 'dte-slack-'));
  const config = loadConfig({
    DATA_DIR: directory, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ENVELOPE_MAX_WAIT_MS: '50', DEMO_COMPANY_RUT: DEMO,
    SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, SLACK_ALERT_CHANNEL: ALERT_CHANNEL,
  });
  const service = await createService(config, {
    logger: createLogger({ level: 'silent' }), simulatorStepMs: 10,
    submission: { statusFirstDelayMs: 50, statusMaxDelayMs: 200 },
    slack: { pacingMs: options.pacingMs ?? 100 },
    ...(options.ask ? { ask: options.ask } : {}),
  });
  const url = await service.start();

  async function signed(body: string, contentType: string, headers: Record<string, string> = {}) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const started = Date.now();
    const response = await fetch(`${url}/slack/events`, {
      method: 'POST', body,
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body), ...headers },
    });
    const text = await response.text();
    return { status: response.status, text, milliseconds: Date.now() - started };
  }
  const token = async (role: 'admin' | 'issuer' | 'viewer', companies = [DEMO]) =>
    (await service.localToken({ subject: `test-${role}`, role, companies, ttlSeconds: 600, now: new Date() }))!;

  return {
    service, url, fake, signed, token,
    command: (user, text) => signed(new URLSearchParams({
      command: '/dte', text, team_id: TEAM, user_id: user, channel_id: 'C0CMD', response_url: `${fake.apiUrl}response`, trigger_id: 't1', token: 'x',
    }).toString(), 'application/x-www-form-urlencoded'),
    press: (user, actionId, value, message) => signed(new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions', team: { id: TEAM }, user: { id: user, team_id: TEAM }, channel: { id: message.channel },
        message: { ts: message.ts }, container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
        actions: [{ type: 'button', action_id: actionId, block_id: 'dte_alert', value, action_ts: '1' }], trigger_id: 't2', api_app_id: 'A1', token: 'x',
      }),
    }).toString(), 'application/x-www-form-urlencoded'),
    event: (eventId, event, headers) => signed(JSON.stringify({
      type: 'event_callback', team_id: TEAM, api_app_id: 'A1', event_id: eventId, event_time: Math.floor(Date.now() / 1000), token: 'x',
      authorizations: [{ team_id: TEAM, user_id: BOT.userId, is_bot: true }], event,
    }), 'application/json', headers),
    async map(user, role, companies = [DEMO]) {
      const response = await fetch(`${url}/v1/slack/users/${TEAM}/${user}`, {
        method: 'PUT', headers: { authorization: `Bearer ${await token('admin', companies)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role, companies }),
      });
      return response.status;
    },
    async close() {
      await service.close();
      await fake.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
