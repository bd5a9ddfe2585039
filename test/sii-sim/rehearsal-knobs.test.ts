import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials, TEST_COMPANY_RUT } from '../support/credentials.ts';
import { envelopeOf, issueDocument, startSimulator, testClock } from './support/documents.ts';
import { callSoap, followEnvelope, queryEnvelope, upload, uploadAccepted, valueOf } from './support/sii-requests.ts';

/**
 * Issue 19's rehearsal knobs over HTTP: uploads refused with a STATUS, uploads whose answer is lost
 * although the SII took the file, and envelopes held without verdict until released, each through
 * /admin and as simulator options.
 */
let simulator: SiiSimulator;
let url: string;
let folio = 1;

beforeAll(async () => {
  const credentials = await testCredentials();
  ({ simulator, url } = await startSimulator({ trustedCafCertificates: [credentials.authority] }));
});

afterAll(async () => {
  await simulator.close();
});

async function put(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() as Record<string, unknown> };
}

async function envelope(): Promise<Buffer> {
  return envelopeOf([await issueDocument(33, folio++)]);
}

describe('uploads refused with a STATUS', () => {
  it('answers each STATUS from 1 to 9 once, in the order set, and then accepts again', async () => {
    const rules = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((status) => ({ status }));
    expect((await put('/admin/uploads', { rules })).status).toBe(200);
    const token = simulator.createToken(TEST_COMPANY_RUT);
    const file = await envelope();
    const statuses: string[] = [];
    for (let index = 0; index < 10; index += 1) statuses.push(valueOf((await upload(url, file, { token })).text, 'STATUS') ?? '');
    expect(statuses).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    expect(simulator.envelopes()).toHaveLength(1);
  });

  it('writes the rule\'s detail as the DETAIL/ERROR line, only for the company named, for `next` uploads', async () => {
    await put('/admin/uploads', { rules: [{ status: 7, detail: 'SCH-00001 Invalid Schema Name', company: TEST_COMPANY_RUT, next: 2 }, { status: 6, company: '77777777-7' }] });
    const token = simulator.createToken(TEST_COMPANY_RUT);
    const first = await upload(url, await envelope(), { token });
    expect(first.text).toContain('<STATUS>7</STATUS>\n<DETAIL>\n<ERROR>SCH-00001 Invalid Schema Name</ERROR>\n</DETAIL>');
    expect(valueOf((await upload(url, await envelope(), { token })).text, 'STATUS')).toBe('7');
    expect(valueOf((await upload(url, await envelope(), { token })).text, 'STATUS')).toBe('0');
    // The rule for the other company is still there, unused.
    const rules = await (await fetch(`${url}/admin/uploads`)).json() as { rules: unknown[] };
    expect(rules.rules).toEqual([{ status: 6, company: '77777777-7', next: 1 }]);
    await fetch(`${url}/admin/uploads`, { method: 'DELETE' });
  });

  it('refuses rules that are not one kind or the other, naming the problem', async () => {
    for (const rules of [[{ status: 1, lose: 'hang' }], [{ status: 10 }], [{ lose: 'lost' }], [{ detail: 'x', lose: 'reset' }], [{}]]) {
      const answer = await put('/admin/uploads', { rules });
      expect(answer.status).toBe(400);
      expect((answer.json.problems as string[]).length).toBeGreaterThan(0);
    }
  });
});

describe('uploads whose answer is lost', () => {
  it.each(['hang', 'reset', 'truncated', 'html', 'server_error'] as const)('%s: the client gets no usable answer, the SII has the file and processes it', async (lose) => {
    simulator.setUploadRules({ rules: [{ lose }] });
    const received = simulator.envelopes().length;
    const token = simulator.createToken(TEST_COMPANY_RUT);
    const attempt = fetch(`${url}/cgi_dte/UPL/DTEUpload`, {
      method: 'POST', headers: { 'User-Agent': 'PROG 1.0', Cookie: `TOKEN=${token}` }, body: form(await envelope()), signal: AbortSignal.timeout(500),
    }).then(async (response) => ({ status: response.status, text: await response.text() }), (error: unknown) => ({ error }));
    const outcome = await attempt;
    if (lose === 'hang' || lose === 'reset') expect(outcome).toHaveProperty('error');
    else {
      expect('text' in outcome && valueOf(outcome.text, 'TRACKID')).toBeFalsy();
      if (lose === 'server_error') expect(outcome).toMatchObject({ status: 503 });
    }
    await simulator.whenIdle();
    const envelopes = simulator.envelopes();
    expect(envelopes).toHaveLength(received + 1);
    const { answer } = await followEnvelope(url, token, String(envelopes.at(-1)!.trackId));
    expect(valueOf(answer, 'ESTADO')).toBe('EPR');
    // The next upload is answered again.
    expect(valueOf((await upload(url, await envelope(), { token })).text, 'STATUS')).toBe('0');
  });
});

describe('documents held without verdict', () => {
  it('keeps the envelope in the hold\'s state until released, unknown to getEstDte, then goes on to EPR', async () => {
    const held = folio++;
    expect((await put('/admin/holds', { rules: [{ type: 33, folio: held, state: 'SOK' }] })).status).toBe(200);
    const token = simulator.createToken(TEST_COMPANY_RUT);
    const trackId = await uploadAccepted(url, token, await envelopeOf([await issueDocument(33, held)]));
    await simulator.whenIdle();
    // Past REC's 3 ms: from then on the held envelope stays in SOK.
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let index = 0; index < 5; index += 1) {
      expect(valueOf(await queryEnvelope(url, token, trackId), 'ESTADO')).toBe('SOK');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const estDte = await callSoap(url, 'QueryEstDte', 'getEstDte', {
      RutConsultante: '76192083', DvConsultante: '9', RutCompania: '76192083', DvCompania: '9', RutReceptor: '77777777', DvReceptor: '7',
      TipoDte: '33', FolioDte: String(held), FechaEmisionDte: '20112026', MontoDte: '1', Token: token,
    });
    expect(valueOf(estDte.inner, 'ESTADO')).toBe('FAU');
    const holds = await (await fetch(`${url}/admin/holds`)).json() as { rules: unknown[]; held: Array<{ trackId: number; currentState: string; documents: unknown[] }> };
    expect(holds.rules).toEqual([]);
    expect(holds.held).toEqual([expect.objectContaining({ trackId: Number(trackId), currentState: 'SOK', documents: [{ RUTEmisor: TEST_COMPANY_RUT, TipoDTE: 33, Folio: held }] })]);
    // Another envelope goes through meanwhile.
    const other = await uploadAccepted(url, token, await envelope());
    expect(valueOf((await followEnvelope(url, token, other)).answer, 'ESTADO')).toBe('EPR');
    const release = await fetch(`${url}/admin/holds/release`, { method: 'POST' });
    expect(await release.json()).toEqual({ released: [Number(trackId)] });
    await simulator.whenIdle();
    const { answer, states } = await followEnvelope(url, token, trackId);
    expect(valueOf(answer, 'ESTADO')).toBe('EPR');
    expect(states[0]).not.toBe('REC');
    expect((await fetch(`${url}/admin/holds/release`, { method: 'POST', body: JSON.stringify({ trackId: 1 }) })).status).toBe(404);
  });

  it('stays held across a restart, and is processed once released after it', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sii-sim-holds-'));
    const credentials = await testCredentials();
    // One clock for both runs, so the second starts where the first stopped.
    const now = testClock();
    try {
      const first = await startSimulator({ trustedCafCertificates: [credentials.authority], dataDirectory: directory, holds: [{ next: 1 }], now });
      const token = first.simulator.createToken(TEST_COMPANY_RUT);
      const trackId = await uploadAccepted(first.url, token, await envelopeOf([await issueDocument(34, 1)]));
      await first.simulator.whenIdle();
      await first.simulator.close();
      const second = await startSimulator({ trustedCafCertificates: [credentials.authority], dataDirectory: directory, now });
      try {
        await second.simulator.whenIdle();
        // Past the steps before PRD (3 ms each), where a held envelope stays however long it waits.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(valueOf(await queryEnvelope(second.url, token, trackId), 'ESTADO')).toBe('PRD');
        expect(second.simulator.release(Number(trackId))).toEqual([Number(trackId)]);
        await second.simulator.whenIdle();
        expect(valueOf((await followEnvelope(second.url, token, trackId)).answer, 'ESTADO')).toBe('EPR');
      } finally {
        await second.simulator.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a folio without its type, and a folio with a count', async () => {
    expect((await put('/admin/holds', { rules: [{ folio: 3 }] })).status).toBe(400);
    expect((await put('/admin/holds', { rules: [{ type: 33, folio: 3, next: 2 }] })).status).toBe(400);
    expect((await put('/admin/holds', { rules: [{ type: 33, state: 'EPR' }] })).status).toBe(400);
  });
});

describe('as simulator options', () => {
  it('starts with upload rules in force', async () => {
    const credentials = await testCredentials();
    const { simulator: refusing, url: refusingUrl } = await startSimulator({ trustedCafCertificates: [credentials.authority], uploads: [{ status: 9 }] });
    try {
      expect(valueOf((await upload(refusingUrl, await envelope(), { token: refusing.createToken(TEST_COMPANY_RUT) })).text, 'STATUS')).toBe('9');
    } finally {
      await refusing.close();
    }
  });
});

/** The upload's multipart form, in the manual's order. */
function form(file: Buffer): FormData {
  const data = new FormData();
  data.append('rutSender', '76192083');
  data.append('dvSender', '9');
  data.append('rutCompany', '76192083');
  data.append('dvCompany', '9');
  data.append('archivo', new Blob([new Uint8Array(file)], { type: 'text/xml' }), 'envio.xml');
  return data;
}
