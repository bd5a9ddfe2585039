import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertChannelService } from '../../src/app/alert-channel-service.ts';
import type { DocumentRecord, JobData } from '../../src/app/ports/index.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { siiCodeExplanations } from '../../src/composition/resources.ts';
import { createRejectionAlerts, SLACK_ALERT_JOB } from '../../src/slack/rejection-alerts.ts';
import { createSlackPoster } from '../../src/slack/slack-poster.ts';
import { openStore } from '../../src/store/open-store.ts';
import { sampleCompany } from '../store/store-fixtures.ts';
import { sampleRequest } from '../support/requests.ts';
import { startFakeSlack } from './fake-slack.ts';
import { ALERT_CHANNEL, DEMO, startSlackHarness, type SlackHarness } from './slack-harness.ts';

/**
 * A channel per company for rejection alerts, in the running service with the local SII and the fake
 * Slack Web API: set by an admin of the company at /v1/slack/channels/:rut, refused to anyone else,
 * bad input named; a rejection of a company with its own channel is posted there, and one of a
 * company without goes to SLACK_ALERT_CHANNEL.
 */
const OTHER_COMPANY = '11111111-1';
const DEMO_CHANNEL = 'C0DEMOALERTS';
let harness: SlackHarness;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field.
type Json = any;

async function api(method: string, path: string, bearer: string, body?: unknown): Promise<{ status: number; json: Json; type: string }> {
  const response = await fetch(`${harness.url}${path}`, {
    method, headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : text, type: response.headers.get('content-type') ?? '' };
}

/** Issues a nota de crédito the local SII rejects (its factura was never sent), and waits for its alert. */
async function rejectedAlert(): Promise<{ folio: number; channels: string[] }> {
  const issued = await api('POST', '/v1/documents', await harness.token('issuer'), sampleRequest(61));
  expect(issued.status).toBe(201);
  const mentions = (call: { body: Json }) => String(call.body.text).includes(`DTE 61 folio ${issued.json.folio} of ${DEMO}`);
  await harness.fake.waitFor(() => harness.fake.of('chat.postMessage').some(mentions), 20_000);
  return { folio: issued.json.folio, channels: harness.fake.of('chat.postMessage').filter(mentions).map((call) => call.body.channel) };
}

beforeAll(async () => {
  harness = await startSlackHarness();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('a Slack alert channel per company', () => {
  it('is refused to a non-admin and to an admin of another company, and names the field of bad input', async () => {
    const path = `/v1/slack/channels/${DEMO}`;
    for (const role of ['issuer', 'viewer'] as const) {
      expect((await api('PUT', path, await harness.token(role), { channel: DEMO_CHANNEL })).status).toBe(403);
      expect((await api('GET', path, await harness.token(role))).status).toBe(403);
    }
    const otherAdmin = await harness.token('admin', [OTHER_COMPANY]);
    for (const method of ['PUT', 'GET', 'DELETE']) {
      const refused = await api(method, path, otherAdmin, method === 'PUT' ? { channel: DEMO_CHANNEL } : undefined);
      expect(refused.status).toBe(403);
      expect(refused.type).toContain('application/problem+json');
    }
    const admin = await harness.token('admin');
    const badChannel = await api('PUT', path, admin, { channel: '#alertas' });
    expect(badChannel.status).toBe(422);
    expect(badChannel.type).toContain('application/problem+json');
    expect(badChannel.json.problems).toEqual([expect.objectContaining({ pointer: '/channel', message: expect.stringContaining('not a Slack channel id') })]);
    expect((await api('PUT', path, admin, {})).json.problems).toEqual([expect.objectContaining({ pointer: '/channel' })]);
    expect((await api('PUT', path, admin, { channel: DEMO_CHANNEL, extra: 1 })).json.problems).toEqual([expect.objectContaining({ pointer: '/extra' })]);
    const badRut = await api('PUT', '/v1/slack/channels/76192083-0', admin, { channel: DEMO_CHANNEL });
    expect(badRut.status).toBe(422);
    expect(badRut.json.problems).toEqual([expect.objectContaining({ pointer: 'rut' })]);
    expect((await api('PUT', `/v1/slack/channels/${OTHER_COMPANY}`, otherAdmin, { channel: 'C0OTHER' })).status).toBe(404);
    expect((await api('GET', path, admin)).json).toEqual({ companyRut: DEMO, channel: null });
  });

  it("posts a company's alerts to the default channel until its admin sets one, then to its own, and back after removing it", async () => {
    const before = await rejectedAlert();
    expect(before.channels).toEqual([ALERT_CHANNEL]);
    const admin = await harness.token('admin');
    const set = await api('PUT', `/v1/slack/channels/${DEMO}`, admin, { channel: DEMO_CHANNEL });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ companyRut: DEMO, channel: DEMO_CHANNEL, setBy: 'test-admin' });
    expect((await api('GET', `/v1/slack/channels/${DEMO}`, admin)).json.channel).toBe(DEMO_CHANNEL);
    const after = await rejectedAlert();
    expect(after.channels).toEqual([DEMO_CHANNEL]);
    const alert = harness.fake.of('chat.postMessage').find((call) => call.body.channel === DEMO_CHANNEL)!.body;
    expect(alert.blocks.find((block: { type: string }) => block.type === 'actions').elements).toHaveLength(3);
    expect((await api('DELETE', `/v1/slack/channels/${DEMO}`, admin)).status).toBe(204);
    expect((await api('DELETE', `/v1/slack/channels/${DEMO}`, admin)).status).toBe(404);
    expect((await rejectedAlert()).channels).toEqual([ALERT_CHANNEL]);
    expect(harness.fake.of('chat.postMessage').filter((call) => call.body.channel === DEMO_CHANNEL)).toHaveLength(1);
  }, 60_000);
});

describe('alerts of two companies at once', () => {
  it("go each to its company's channel or to the default, never to the other company's", async () => {
    const fake = await startFakeSlack();
    const { store, database } = await openStore({ masterKey: Buffer.alloc(32, 6) });
    try {
      const [own, without] = ['76192083-9', '96670340-7'];
      for (const rut of [own, without]) await store.companies.save(sampleCompany(rut));
      const channels = createAlertChannelService(store, { defaultChannel: ALERT_CHANNEL });
      await channels.set({ subject: 'admin-of-own', role: 'admin', companies: [own] }, own, 'C0OWNCOMPANY');
      const jobs: JobData[] = [];
      const logger = createLogger({ level: 'silent' });
      const listener = createRejectionAlerts({
        runner: { add: async (_name, data) => void jobs.push(data) }, channels, logger,
        poster: createSlackPoster({ botToken: 'xoxb-test', apiUrl: fake.apiUrl, logger, pacingMs: 1 }),
        explanations: siiCodeExplanations(),
      });
      for (const [index, rut] of [own, without, own, without].entries()) await listener.documentSettled(rejected(rut, 100 + index));
      for (const data of jobs) await listener.handlers[SLACK_ALERT_JOB]!(data, { name: SLACK_ALERT_JOB, attempt: 1, attempts: 5 });
      const posted = fake.of('chat.postMessage').map((call) => [call.body.channel, /of (\S+) was/.exec(String(call.body.text))?.[1]]);
      expect(posted.sort()).toEqual([[ALERT_CHANNEL, without], [ALERT_CHANNEL, without], ['C0OWNCOMPANY', own], ['C0OWNCOMPANY', own]]);
    } finally {
      await database.close();
      await fake.close();
    }
  });
});

function rejected(companyRut: string, folio: number): DocumentRecord {
  return {
    id: `7d8f3c1e-0000-4000-8000-000000000${folio}`, companyRut, type: 33, folio, cafId: null, state: 'rejected', issueDate: '2026-11-20',
    receiverRut: '77777777-7', totalAmount: 1000, request: {} as DocumentRecord['request'], trackId: '1', siiCodes: { codes: [{ code: 'DTE-3-101', message: 'Folio repetido' }] },
    callbackUrl: null, odooReference: null, createdAt: new Date(), updatedAt: new Date(),
  };
}
