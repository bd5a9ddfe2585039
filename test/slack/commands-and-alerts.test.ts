import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../../src/slack/request-signature.ts';
import { sampleRequest } from '../support/requests.ts';
import { ALERT_CHANNEL, DEMO, SIGNING_SECRET, startSlackHarness, TEAM, type SlackHarness } from './slack-harness.ts';

/**
 * The Slack bot inside the running service, driven by signed requests as Slack sends them, with what
 * it posts read back from the local fake Slack Web API: signatures, /dte, the admin route that maps
 * users, and a rejection from the local SII turned into an alert whose buttons act as the presser.
 */
const OTHER_COMPANY = '11111111-1';
let harness: SlackHarness;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field.
type Json = any;

async function api(method: string, path: string, role: 'admin' | 'issuer' | 'viewer', body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${harness.url}${path}`, {
    method, headers: { authorization: `Bearer ${await harness.token(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : text };
}

async function settled(id: string, states: string[]): Promise<Json> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const { json } = await api('GET', `/v1/documents/${id}`, 'viewer');
    if (states.includes(json.state)) return json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`document ${id} never reached ${states.join(' or ')}`);
}

beforeAll(async () => {
  harness = await startSlackHarness();
  expect(await harness.map('UISSUER', 'issuer')).toBe(200);
  expect(await harness.map('UVIEWER', 'viewer')).toBe(200);
  expect(await harness.map('UOTHER', 'issuer', [OTHER_COMPANY])).toBe(200);
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('signatures', () => {
  const body = new URLSearchParams({ command: '/dte', text: 'help', team_id: TEAM, user_id: 'UISSUER' }).toString();
  const post = (headers: Record<string, string>) => fetch(`${harness.url}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

  it('refuses a bad signature, a stale timestamp and an unsigned request with 401, and takes a good one', async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const stale = String(Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await post({ 'x-slack-request-timestamp': now, 'x-slack-signature': slackSignature('another-secret', now, body) })).status).toBe(401);
    expect((await post({ 'x-slack-request-timestamp': stale, 'x-slack-signature': slackSignature(SIGNING_SECRET, stale, body) })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-slack-request-timestamp': now, 'x-slack-signature': slackSignature(SIGNING_SECRET, now, `${body}&x=1`) })).status).toBe(401);
    expect((await post({ 'x-slack-request-timestamp': now, 'x-slack-signature': slackSignature(SIGNING_SECRET, now, body) })).status).toBe(200);
  });

  it('answers the URL verification challenge, and leaves the API\'s own JSON parsing as it was', async () => {
    const answer = await harness.signed(JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }), 'application/json');
    expect(JSON.parse(answer.text)).toEqual({ challenge: 'abc123' });
    const broken = await fetch(`${harness.url}/v1/documents`, { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json', authorization: `Bearer ${await harness.token('issuer')}` } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { code: string }).code).toBe('MALFORMED_REQUEST');
  });
});

describe('the admin route that maps Slack users', () => {
  it('lists, refuses non-admins and other companies, and removes a mapping', async () => {
    const listed = await api('GET', '/v1/slack/users', 'admin');
    expect(listed.json.items.map((user: { userId: string }) => user.userId).sort()).toEqual(['UISSUER', 'UVIEWER']);
    expect((await api('PUT', `/v1/slack/users/${TEAM}/UTEMP`, 'issuer', { role: 'viewer', companies: [DEMO] })).status).toBe(403);
    expect((await api('PUT', `/v1/slack/users/${TEAM}/UTEMP`, 'admin', { role: 'viewer', companies: [OTHER_COMPANY] })).status).toBe(403);
    expect((await api('PUT', `/v1/slack/users/${TEAM}/UTEMP`, 'admin', { role: 'viewer', companies: [DEMO] })).status).toBe(200);
    expect((await api('DELETE', `/v1/slack/users/${TEAM}/UTEMP`, 'admin')).status).toBe(204);
    expect((await api('DELETE', `/v1/slack/users/${TEAM}/UTEMP`, 'admin')).status).toBe(404);
  });
});

describe('/dte', () => {
  it('tells an unmapped user whom to ask and the route that maps them, and shows nothing else', async () => {
    for (const text of ['status 33 1', 'folios', 'help']) {
      const answer = JSON.parse((await harness.command('UNOBODY', text)).text);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain(`PUT /v1/slack/users/${TEAM}/UNOBODY`);
      expect(answer.text).toContain(`dte slack users set ${TEAM} UNOBODY`);
      expect(answer.text).not.toContain(DEMO);
      expect(answer.text).not.toMatch(/type 33/);
    }
  });

  it('answers help, explain, folios and status from the service, only about the user\'s companies', async () => {
    const help = JSON.parse((await harness.command('UVIEWER', 'help')).text);
    expect(help.text).toContain('/dte status TYPE FOLIO');
    expect(help.blocks[0].type).toBe('section');
    const explain = JSON.parse((await harness.command('UVIEWER', 'explain REF-3-750')).text);
    expect(explain.text).toContain('REF-3-750');
    expect(explain.text.length).toBeGreaterThan('*REF-3-750*: '.length + 5);
    expect(JSON.parse((await harness.command('UVIEWER', 'explain XYZ-9-999')).text).text).toContain('not in the project\'s SII catalog');
    const folios = JSON.parse((await harness.command('UVIEWER', 'folios')).text);
    expect(folios.text).toMatch(new RegExp(`${DEMO}.*type 33: \\d+`));
    const issued = await api('POST', '/v1/documents', 'issuer', sampleRequest(33));
    expect(issued.status).toBe(201);
    await settled(issued.json.id, ['accepted']);
    const status = JSON.parse((await harness.command('UVIEWER', `status 33 ${issued.json.folio}`)).text);
    expect(status.text).toContain(`*DTE 33 folio ${issued.json.folio}* of ${DEMO}: *accepted*`);
    const other = JSON.parse((await harness.command('UOTHER', `status 33 ${issued.json.folio}`)).text);
    expect(other.text).toContain('No document of type 33');
    expect(other.text).not.toContain(issued.json.id);
    expect(JSON.parse((await harness.command('UVIEWER', 'status 33')).text).text).toContain('Say the type and the folio');
  });
});

describe('rejection alerts', () => {
  let document: Json;
  let alert: Json;

  it('posts a rejection from the local SII to the alert channel, with codes, meaning and the three buttons', async () => {
    const issued = await api('POST', '/v1/documents', 'issuer', sampleRequest(61));
    expect(issued.status).toBe(201);
    document = await settled(issued.json.id, ['rejected']);
    expect(document.codes.map((code: { code: string }) => code.code)).toContain('REF-3-750');
    await harness.fake.waitFor(() => harness.fake.of('chat.postMessage').some((call) => call.body.channel === ALERT_CHANNEL && String(call.body.text).includes(`folio ${document.folio}`)));
    alert = harness.fake.of('chat.postMessage').find((call) => call.body.channel === ALERT_CHANNEL && String(call.body.text).includes(`folio ${document.folio}`))!.body;
    expect(alert.text).toContain('DTE 61');
    expect(alert.text).toContain('Constructora Peñalolén SpA');
    expect(alert.text).toMatch(/\$[\d.]+/);
    expect(alert.text).toContain('REF-3-750');
    const actions = alert.blocks.find((block: { type: string }) => block.type === 'actions');
    expect(actions.elements.map((button: { text: { text: string } }) => button.text.text)).toEqual(['Explain', 'Show XML', 'Retry submission']);
    expect(actions.elements.every((button: { value: string }) => button.value === document.id)).toBe(true);
    expect(actions.elements[2].confirm.confirm.text).toBe('Retry');
  });

  it('Retry is refused for a viewer and for an issuer of another company, and done through the service for a mapped issuer', async () => {
    const message = { channel: ALERT_CHANNEL, ts: '1700000000.999999' };
    expect((await harness.press('UVIEWER', 'dte_retry', document.id, message)).status).toBe(200);
    await harness.fake.waitFor(() => harness.fake.of('chat.postEphemeral').some((call) => call.body.user === 'UVIEWER'));
    expect(harness.fake.of('chat.postEphemeral').find((call) => call.body.user === 'UVIEWER')!.body.text).toContain('your role (viewer)');
    await harness.press('UOTHER', 'dte_retry', document.id, message);
    await harness.fake.waitFor(() => harness.fake.of('chat.postEphemeral').some((call) => call.body.user === 'UOTHER'));
    expect((await api('GET', `/v1/documents/${document.id}`, 'viewer')).json.state).toBe('rejected');
    await harness.press('UISSUER', 'dte_retry', document.id, message);
    await harness.fake.waitFor(() => harness.fake.of('chat.postMessage').some((call) => call.body.thread_ts === message.ts && String(call.body.text).includes('<@UISSUER> sent')));
    const after = (await api('GET', `/v1/documents/${document.id}`, 'viewer')).json;
    const retried = after.history.find((entry: { detail?: string; to: string }) => entry.to === 'queued' && String(entry.detail).includes('retry requested by'));
    expect(retried.detail).toContain(`retry requested by slack:${TEAM}:UISSUER`);
  });

  it('Show XML uploads the signed DTE as a file in the alert\'s thread', async () => {
    const message = { channel: ALERT_CHANNEL, ts: '1700000000.888888' };
    const refusals = harness.fake.of('chat.postEphemeral').filter((call) => call.body.user === 'UOTHER').length;
    await harness.press('UOTHER', 'dte_show_xml', document.id, message);
    await harness.fake.waitFor(() => harness.fake.of('chat.postEphemeral').filter((call) => call.body.user === 'UOTHER').length > refusals);
    expect(harness.fake.of('files.getUploadURLExternal')).toHaveLength(0);
    await harness.press('UVIEWER', 'dte_show_xml', document.id, message);
    await harness.fake.waitFor(() => harness.fake.of('files.completeUploadExternal').length > 0);
    const requested = harness.fake.of('files.getUploadURLExternal')[0]!.body;
    expect(requested.filename).toBe(`dte-61-${document.folio}.xml`);
    const completed = harness.fake.of('files.completeUploadExternal')[0]!.body;
    expect(completed.channel_id).toBe(ALERT_CHANNEL);
    expect(completed.thread_ts).toBe(message.ts);
    const [fileId, bytes] = [...harness.fake.files.entries()][0]!;
    expect(JSON.parse(completed.files)[0].id).toBe(fileId);
    const xml = bytes.toString('latin1');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?>/);
    expect(xml).toContain(`<Folio>${document.folio}</Folio>`);
  });

  it("Explain posts the agent's answer about the alert's document in the thread (the service's agent, offline here)", async () => {
    const message = { channel: ALERT_CHANNEL, ts: '1700000000.777777' };
    await harness.press('UVIEWER', 'dte_explain', document.id, message);
    await harness.fake.waitFor(() => harness.fake.of('chat.postMessage').some((call) => call.body.thread_ts === message.ts));
    const posted = harness.fake.of('chat.postMessage').find((call) => call.body.thread_ts === message.ts)!.body;
    expect(posted.text).toContain('REF-3-750');
    expect(posted.text).not.toContain('not configured');
  });
});
