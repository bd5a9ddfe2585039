import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANY, startEmbeddedService, type EmbeddedService, type Json } from '../support/embedded-service.ts';
import { sampleRequest } from '../support/requests.ts';

/**
 * The receiver's claim, end to end on `npm start`'s embedded setup: a factura is issued and accepted by
 * the local SII, its receiver claims it in the local SII (the site knob), the registry poll sees it
 * within a round, the document view says claimed, and the webhook tells of it once. Then a restart:
 * the open window is followed again, nothing stored is lost or told twice. The poll is made fast.
 */
const POLL = { firstDelayMs: 50, intervalMs: 300, jitter: 0, afterDeadlineMs: 100, recoverySpreadMs: 50 };
let embedded: EmbeddedService;
let hooks: Server;
const received: Json[] = [];

beforeAll(async () => {
  hooks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  embedded = await startEmbeddedService({ CALLBACK_ALLOW_PRIVATE: 'true' }, { registryPoll: POLL });
}, 180_000);

afterAll(async () => {
  await embedded?.close();
  await new Promise((resolve) => hooks.close(resolve));
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never: ${what}`);
}

describe('a receiver claims one of our facturas', () => {
  let id: string;
  let folio: number;

  it('is seen within a poll: the document view says claimed, and the webhook tells document.claimed once', async () => {
    const bearer = await embedded.token('issuer');
    const callbackUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
    const issued = await embedded.call('POST', '/v1/documents', bearer, { ...sampleRequest(33), callbackUrl });
    expect(issued.status).toBe(201);
    ({ id, folio } = issued.json);
    expect((await embedded.settled(bearer, id)).state).toBe('accepted');
    const pending = await until(() => embedded.call('GET', `/v1/documents/${id}/events`, bearer), (answer) => answer.json.lastPolledAt !== null, 'a first poll');
    expect(pending.json).toMatchObject({ receiverStatus: 'pending', events: [] });
    expect(Date.parse(pending.json.deadline) - Date.parse(pending.json.receivedAt)).toBe(8 * 24 * 3_600_000);

    const site = await fetch(`${embedded.service.simulator!.url}/admin/registry/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rutEmisor: DEMO_COMPANY, tipoDoc: 33, folio, accionDoc: 'RCD' }),
    });
    expect(site.status).toBe(201);
    const claimed = await until(() => embedded.call('GET', `/v1/documents/${id}/events`, bearer), (answer) => answer.json.receiverStatus === 'claimed', 'the claim');
    expect(claimed.json.events).toEqual([expect.objectContaining({ code: 'RCD', responsibleRut: '77777777-7' })]);
    const view = await embedded.call('GET', `/v1/documents/${id}`, bearer);
    expect(view.json).toMatchObject({ state: 'accepted', receiverStatus: 'claimed', deadline: pending.json.deadline });
    await until(async () => received.filter((body) => body.event === 'document.claimed'), (claims) => claims.length > 0, 'the webhook');
    // More rounds pass; the claim is told once.
    const polled = claimed.json.lastPolledAt;
    await until(() => embedded.call('GET', `/v1/documents/${id}/events`, bearer), (answer) => answer.json.lastPolledAt !== polled, 'another round');
    const claims = received.filter((body) => body.event === 'document.claimed');
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ document: { id, folio, type: 33 }, claim: { code: 'RCD', responsibleRut: '77777777-7' } });
  }, 60_000);

  it('answers a person who asks the SII now, and refuses a viewer an action and a bad action before the SII hears of it', async () => {
    const viewer = await embedded.token('viewer');
    const refreshed = await embedded.call('POST', `/v1/documents/${id}/events/refresh`, viewer);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.events).toHaveLength(1);
    const action = { rutEmisor: '77777777-7', tipoDoc: 33, folio: 1, action: 'ACD' };
    expect((await embedded.call('POST', '/v1/registry/actions', viewer, action)).status).toBe(403);
    const receiver = await embedded.token('receiver');
    const bad = await embedded.call('POST', '/v1/registry/actions', receiver, { ...action, action: 'XYZ', tipoDoc: 52 });
    expect(bad.status).toBe(422);
    expect(bad.json.problems.map((problem: Json) => problem.pointer).sort()).toEqual(['/action', '/tipoDoc']);
    const stranger = await embedded.call('POST', '/v1/registry/actions', receiver, { ...action, companyRut: '60910000-1' });
    expect(stranger.status).toBe(403);
    const notOurs = await embedded.call('POST', '/v1/registry/actions', receiver, action);
    expect([409, 422]).toContain(notOurs.status);
    expect(notOurs.json.details).toMatchObject({ codResp: expect.any(Number), meaning: expect.any(String) });
  });

  it('after a restart follows the open window again, with nothing lost or told twice', async () => {
    const bearer = await embedded.token('viewer');
    const before = (await embedded.call('GET', `/v1/documents/${id}/events`, bearer)).json;
    const { directory } = embedded;
    await embedded.service.close();
    embedded = await startEmbeddedService({ CALLBACK_ALLOW_PRIVATE: 'true', DATA_DIR: directory }, { registryPoll: POLL });
    const token = await embedded.token('viewer');
    const after = await until(() => embedded.call('GET', `/v1/documents/${id}/events`, token), (answer) => answer.json.lastPolledAt !== before.lastPolledAt, 'a round after the restart');
    expect(after.json.events).toEqual(before.events);
    expect(after.json.receiverStatus).toBe('claimed');
    expect(received.filter((body) => body.event === 'document.claimed')).toHaveLength(1);
  }, 180_000);
});
