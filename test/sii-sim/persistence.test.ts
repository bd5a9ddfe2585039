import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCredentials } from '../support/credentials.ts';
import { envelopeOf, issueDocument, startSimulator, testClock } from './support/documents.ts';
import { followEnvelope, login, queryEnvelope, uploadAccepted, valueOf } from './support/sii-requests.ts';

const directory = mkdtempSync(join(tmpdir(), 'sii-sim-data-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('state kept in a directory', () => {
  it('answers status queries, honours tokens and refuses repeated folios after a restart', async () => {
    const { certificate } = await testCredentials();
    const first = await startSimulator({ dataDirectory: directory });
    let token: string;
    let trackId: string;
    try {
      token = await login(first.url, certificate);
      trackId = await uploadAccepted(first.url, token, await envelopeOf([await issueDocument(33, 80)]));
      expect(valueOf((await followEnvelope(first.url, token, trackId)).answer, 'ESTADO')).toBe('EPR');
    } finally {
      await first.simulator.close();
    }
    expect(readdirSync(join(directory, 'envelopes')).sort()).toEqual([`${trackId}.json`, `${trackId}.xml`]);
    expect(existsSync(join(directory, 'documents.jsonl'))).toBe(true);

    // An hour later, as a restarted process would see it.
    const second = await startSimulator({ dataDirectory: directory, now: testClock('2026-11-21T13:00:00Z') });
    try {
      const answer = await queryEnvelope(second.url, token, trackId);
      expect(valueOf(answer, 'ESTADO')).toBe('EPR');
      expect(answer).toContain('<ACEPTADOS>1</ACEPTADOS>');
      const repeated = await uploadAccepted(second.url, token, await envelopeOf([await issueDocument(33, 80, { Detalle: [{ NmbItem: 'Otro', QtyItem: 2, PrcItem: 10 }] })]));
      expect(Number(repeated)).toBe(Number(trackId) + 1);
      expect((await followEnvelope(second.url, token, repeated)).answer).toContain('<CODIGO>101</CODIGO>');
    } finally {
      await second.simulator.close();
    }
  });
});
