import { afterEach, describe, expect, it } from 'vitest';
import type { Service } from '../../src/service.ts';
import { NO_FAULTS } from '../../src/sii-sim/faults.ts';
import { startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';
import { sampleRequest } from '../support/requests.ts';

/**
 * Issue 8 §1, on the local SII: the SII receives an envelope but its answer to the upload is lost
 * (an unreadable answer), then it answers 5xx for a while. No document may end rejected while the
 * SII holds it accepted under the first track id. The 5xx open the client's circuit breaker; its
 * cool-down is shortened to 2 s here (30 s in service) so the files run in seconds, not minutes.
 */
const FAST_JOBS = { default: { attempts: 1_000, baseDelayMs: 100, maxDelayMs: 400 } };
let embedded: EmbeddedService | undefined;
let service: Service | undefined;

afterEach(async () => {
  await embedded?.close();
  embedded = undefined;
  service = undefined;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field.
type Json = any;

async function start(options: { repeatWindowMs: number; simulatorDuplicateWindowMs?: number; simulatorDocumentDetails?: boolean }): Promise<{ url: string; token: string }> {
  embedded = await startEmbeddedService({ ENVELOPE_MAX_WAIT_MS: '300' }, {
    jobPolicies: FAST_JOBS,
    circuitBreaker: { coolDownMs: 2_000 },
    submission: { sweepIntervalMs: 1_000, repeatWindowMs: options.repeatWindowMs },
    ...(options.simulatorDuplicateWindowMs === undefined ? {} : { simulatorDuplicateWindowMs: options.simulatorDuplicateWindowMs }),
    ...(options.simulatorDocumentDetails === undefined ? {} : { simulatorDocumentDetails: options.simulatorDocumentDetails }),
  });
  service = embedded.service;
  return { url: embedded.url, token: await embedded.token('issuer') };
}

async function until<T>(what: string, read: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 1_200; attempt += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never: ${what}`);
}

/** Issues two facturas, loses the answer to their upload, then fails every upload with 5xx for a while. */
async function loseTheAnswer(url: string, token: string): Promise<{ ids: string[]; firstTrackId: number }> {
  const simulator = service!.simulator!;
  simulator.setFaults({ malformedRate: 1, services: ['DTEUpload'] });
  const ids: string[] = [];
  for (let index = 0; index < 2; index += 1) {
    const response = await fetch(`${url}/v1/documents`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(sampleRequest(33)),
    });
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { id: string }).id);
  }
  const first = await until('the SII received the envelope', () => simulator.envelopes()[0]);
  simulator.setFaults({ malformedRate: 0, serverErrorRate: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return { ids, firstTrackId: first.trackId };
}

async function documentOf(url: string, token: string, id: string): Promise<Json> {
  return (await fetch(`${url}/v1/documents/${id}`, { headers: { authorization: `Bearer ${token}` } })).json();
}

async function envelopesOf(url: string, token: string, id: string): Promise<Json[]> {
  const response = await fetch(`${url}/v1/documents/${id}/envelopes`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Json[] }).items;
}

describe('an upload whose answer was lost', () => {
  it('is never failed while unanswered, and ends accepted under the first track id with no second envelope', async () => {
    const { url, token } = await start({ repeatWindowMs: 60_000 });
    const { ids, firstTrackId } = await loseTheAnswer(url, token);
    for (const id of ids) expect((await documentOf(url, token, id)).state).toBe('queued');
    service!.simulator!.setFaults(NO_FAULTS);
    for (const id of ids) {
      const document = await embedded!.settled(token, id, 60_000);
      expect(document).toMatchObject({ state: 'accepted', trackId: String(firstTrackId) });
      expect(document.history.map((entry: Json) => entry.to)).not.toContain('failed');
    }
    expect(service!.simulator!.envelopes().map((envelope) => envelope.trackId)).toEqual([firstTrackId]);
    const [envelope, ...others] = await envelopesOf(url, token, ids[0]!);
    expect(others).toEqual([]);
    expect(envelope).toMatchObject({ state: 'processed', trackId: String(firstTrackId), detail: { state: 'EPR', verdict: 'accepted' } });
    expect([...envelope.documentIds].sort()).toEqual([...ids].sort());
  }, 90_000);

  it('when the SII no longer knows the file, the second envelope changes nothing: DTE-3-100 is not a rejection', async () => {
    const { url, token } = await start({ repeatWindowMs: 60_000, simulatorDuplicateWindowMs: 0 });
    const { ids, firstTrackId } = await loseTheAnswer(url, token);
    service!.simulator!.setFaults(NO_FAULTS);
    for (const id of ids) {
      const document = await embedded!.settled(token, id, 60_000);
      expect(document.state).toBe('accepted');
      expect(document.codes.map((code: Json) => code.code)).toEqual(['DOK']);
      const verdict = document.history.at(-1).detail as string;
      expect(verdict).toMatch(/DTE-3-100/);
      expect(verdict).toMatch(/QueryEstDte DOK/);
    }
    const envelopes = service!.simulator!.envelopes();
    expect(envelopes[0]!.trackId).toBe(firstTrackId);
    expect(envelopes.length).toBeGreaterThan(1);
    // Ours is one envelope, sent again byte for byte; the SII knows it under two track ids.
    const [envelope, ...others] = await envelopesOf(url, token, ids[0]!);
    expect(others).toEqual([]);
    expect(envelope).toMatchObject({ state: 'processed', trackId: String(envelopes.at(-1)!.trackId) });
  }, 90_000);

  it('when the SII answers with counts only, as the real getEstUp does, a repeat counted as rejected is still not a rejection', async () => {
    const { url, token } = await start({ repeatWindowMs: 60_000, simulatorDuplicateWindowMs: 0, simulatorDocumentDetails: false });
    const { ids } = await loseTheAnswer(url, token);
    service!.simulator!.setFaults(NO_FAULTS);
    for (const id of ids) {
      const document = await embedded!.settled(token, id, 60_000);
      expect(document.state).toBe('accepted');
      expect(document.codes.map((code: Json) => code.code)).toEqual(['DOK']);
      expect(document.history.at(-1).detail).toMatch(/QueryEstDte DOK.*rejection by the counts alone is about the repeat/);
    }
    // The second envelope's counts rejected both (the SII already held them): that is what was checked.
    const counts = (await envelopesOf(url, token, ids[0]!)).at(-1)!.detail.counts;
    expect(counts).toEqual([expect.objectContaining({ type: 33, informed: 2, rejected: 2 })]);
  }, 90_000);

  it('after the repeat window, asks QueryEstDte and adopts what the SII holds without sending again', async () => {
    const { url, token } = await start({ repeatWindowMs: 0 });
    const { ids, firstTrackId } = await loseTheAnswer(url, token);
    service!.simulator!.setFaults(NO_FAULTS);
    for (const id of ids) {
      const document = await embedded!.settled(token, id, 60_000);
      expect(document.state).toBe('accepted');
      expect(document.history.map((entry: Json) => entry.to)).not.toContain('failed');
    }
    expect(service!.simulator!.envelopes().map((envelope) => envelope.trackId)).toEqual([firstTrackId]);
    // One envelope of ours, closed either way the SII's side became known: settled by asking it with
    // QueryEstDte (no track id of its own), or, when the client's own retry of the unreadable answer
    // got through before the 5xx began, answered with the first track id and its verdict read.
    const [envelope, ...others] = await envelopesOf(url, token, ids[0]!);
    expect(others).toEqual([]);
    expect(envelope.state).toBe('processed');
    if (envelope.trackId === null) {
      expect(envelope.detail).toMatchObject({ settledBy: 'QueryEstDte' });
      expect([...envelope.detail.foundAtSii].sort()).toEqual([...ids].sort());
    } else {
      expect(envelope).toMatchObject({ trackId: String(firstTrackId), detail: { state: 'EPR', verdict: 'accepted' } });
    }
  }, 90_000);
});
