import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FAULTS, type FaultSettings, type SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials } from '../support/credentials.ts';
import { envelopeOf, issueDocument, startSimulator } from './support/documents.ts';
import { callSoap, login, queryEnvelope, upload, valueOf } from './support/sii-requests.ts';

let simulator: SiiSimulator;
let url: string;

beforeAll(async () => {
  ({ simulator, url } = await startSimulator());
});

afterAll(() => simulator.close());

/** Runs `run` with some faults on, then turns every fault off again (null services: all of them). */
async function withFaults<T>(changes: Partial<FaultSettings>, run: () => Promise<T>): Promise<T> {
  simulator.setFaults(changes);
  try {
    return await run();
  } finally {
    simulator.setFaults({ ...NO_FAULTS, services: null });
  }
}

async function admin(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/admin/${path}`, init);
  return { status: response.status, body: await response.json() };
}

describe('fault knobs', () => {
  it('delays every answer by the latency', async () => {
    await withFaults({ latencyMs: 120 }, async () => {
      const started = performance.now();
      await callSoap(url, 'CrSeed', 'getSeed');
      expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    });
  });

  it('answers HTTP 5xx with an HTML page at the error rate, only on the services named', async () => {
    await withFaults({ serverErrorRate: 1, services: ['DTEUpload'] }, async () => {
      expect((await callSoap(url, 'CrSeed', 'getSeed')).status).toBe(200);
      const answer = await upload(url, Buffer.from('<x/>'));
      expect([500, 502, 503]).toContain(answer.status);
      expect(answer.text).toContain('<html>');
    });
  });

  it('holds requests without answering at the timeout rate, until the client gives up', async () => {
    await withFaults({ timeoutRate: 1 }, async () => {
      const call = fetch(`${url}/DTEWS/CrSeed.jws?WSDL`, { signal: AbortSignal.timeout(150) });
      await expect(call).rejects.toThrow(/aborted|timeout/i);
    });
  });

  it('answers upload STATUS 9 (Sistema Bloqueado) at its rate', async () => {
    const token = await login(url, (await testCredentials()).certificate);
    await withFaults({ uploadStatus9Rate: 1 }, async () => {
      const answer = await upload(url, await envelopeOf([await issueDocument(33, 70)]), { token });
      expect(valueOf(answer.text, 'STATUS')).toBe('9');
    });
  });

  it('issues tokens that are already expired at its rate', async () => {
    await withFaults({ expiredTokenRate: 1 }, async () => {
      const token = await login(url, (await testCredentials()).certificate);
      expect(valueOf(await queryEnvelope(url, token, '1'), 'ESTADO')).toBe('002');
      expect(valueOf((await upload(url, Buffer.from('<x/>'), { token })).text, 'STATUS')).toBe('5');
    });
  });

  it('sends malformed answers at its rate: XML cut short or an HTML page with status 200', async () => {
    await withFaults({ malformedRate: 1 }, async () => {
      const bodies = await Promise.all(Array.from({ length: 8 }, async () => (await callSoap(url, 'CrSeed', 'getSeed')).text));
      for (const body of bodies) expect(body.includes('</soapenv:Envelope>')).toBe(false);
      expect(bodies.some((body) => body.startsWith('<html>'))).toBe(true);
      expect(bodies.some((body) => body.startsWith('<?xml'))).toBe(true);
    });
  });

  it('repeats the same faults for the same seed', async () => {
    const statuses = async (): Promise<number[]> => {
      const run = await startSimulator({ seed: 42, faults: { serverErrorRate: 0.5 } });
      try {
        const results: number[] = [];
        for (let index = 0; index < 12; index += 1) results.push((await callSoap(run.url, 'CrSeed', 'getSeed')).status);
        return results;
      } finally {
        await run.simulator.close();
      }
    };
    const first = await statuses();
    expect(first.some((status) => status === 200) && first.some((status) => status !== 200)).toBe(true);
    expect(await statuses()).toEqual(first);
  });
});

describe('admin endpoints', () => {
  it('read and change the faults, refusing invalid values', async () => {
    expect((await admin('faults')).body).toMatchObject({ latencyMs: 0, serverErrorRate: 0 });
    const changed = await admin('faults', { method: 'PUT', body: JSON.stringify({ serverErrorRate: 0.25 }) });
    expect(changed).toEqual({ status: 200, body: expect.objectContaining({ serverErrorRate: 0.25, latencyMs: 0 }) });
    const refused = await admin('faults', { method: 'PUT', body: JSON.stringify({ serverErrorRate: 2, typo: 1 }) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('serverErrorRate');
    expect(simulator.faults().serverErrorRate).toBe(0.25);
    simulator.setFaults({ serverErrorRate: 0 });
  });

  it('list what was received, with its current state, even while every SII request fails', async () => {
    const token = await login(url, (await testCredentials()).certificate);
    const answer = await upload(url, await envelopeOf([await issueDocument(33, 71)]), { token });
    const trackId = Number(valueOf(answer.text, 'TRACKID'));
    await simulator.whenIdle();
    await withFaults({ serverErrorRate: 1 }, async () => {
      const list = (await admin('envelopes')).body as Array<{ trackId: number; currentState: string; verdict?: { state: string } }>;
      expect(list.find((entry) => entry.trackId === trackId)?.verdict?.state).toBe('EPR');
      expect((await admin(`envelopes/${trackId}`)).body).toMatchObject({ trackId, companyRut: '76192083-9', fileName: 'envio.xml' });
      expect((await admin('envelopes/1')).status).toBe(404);
    });
  });
});
