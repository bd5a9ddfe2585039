import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import { judgeEnvelope, type JudgedEnvelopeStatus } from '../../src/app/submission/verdicts.ts';
import { planSet } from '../../src/cert/plan.ts';
import { decodeSetFile, parseSetFile } from '../../src/cert/set-file.ts';
import { readCertSettings } from '../../src/cert/settings.ts';
import { buildEnvelope } from '../../src/core/build-envelope.ts';
import { createIssuer } from '../../src/core/issue-document.ts';
import { siiDate } from '../../src/core/sii-time.ts';
import { CircuitBreakers, createSiiGateway, TokenCache, type SiiGateway } from '../../src/sii/index.ts';
import { createSiiSimulator, type SiiSimulator } from '../../src/sii-sim/index.ts';
import { TEST_COMPANY_RUT, testCredentials } from '../support/credentials.ts';

/** Both real sets de pruebas, planned, issued, one envelope per set, sent to the local SII: every document accepted. */
let simulator: SiiSimulator;
const signedAt = new Date();

beforeAll(async () => {
  const credentials = await testCredentials();
  simulator = createSiiSimulator({ trustedCafCertificates: [credentials.authority], steps: { REC: 20, SOK: 20, FOK: 20, CRT: 20, PRD: 20 }, seed: 3 });
  await simulator.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await simulator.close();
});

async function gateway(): Promise<SiiGateway> {
  const { certificate } = await testCredentials();
  return createSiiGateway({
    environment: 'local', baseUrl: simulator.url, certificate, catalog: siiCodeCatalog(),
    requestTimeoutMs: 2_000, uploadTimeoutMs: 2_000, retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 },
    tokenCache: new TokenCache(), circuitBreakers: new CircuitBreakers({ failureThreshold: 1_000, coolDownMs: 10 }),
  });
}

async function finalStatus(client: SiiGateway, trackId: string): Promise<JudgedEnvelopeStatus> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const status = judgeEnvelope(await client.envelopeStatus(trackId, TEST_COMPANY_RUT));
    if (status.final) return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`envelope ${trackId} never reached a final state`);
}

describe('a set de pruebas against the local SII', () => {
  it('issues both real sets with distinct folios and has every envelope accepted', async () => {
    const credentials = await testCredentials();
    const settingsJson = JSON.parse(readFileSync(new URL('../fixtures/cert/settings.json', import.meta.url), 'utf8')) as unknown;
    const settings = readCertSettings(settingsJson, TEST_COMPANY_RUT);
    if (!settings.ok) throw new Error(JSON.stringify(settings.problems));
    const undated = { emisor: settings.value.emisor, receptores: settings.value.receptores };
    const client = await gateway();
    let firstFolio = 1;
    for (const name of ['set-776892475.txt', 'set-762352915.txt']) {
      const file = parseSetFile(decodeSetFile(readFileSync(new URL(`../fixtures/cert/${name}`, import.meta.url))));
      if (!file.ok) throw new Error(JSON.stringify(file.problems));
      const plan = planSet(file.value, undated, new Map([...credentials.cafs.keys()].map((type) => [type, firstFolio])));
      if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
      firstFolio += 20;
      for (const set of file.value.sets) {
        const documents = plan.value.filter((entry) => 'request' in entry && set.cases.some((candidate) => candidate.id === entry.case)).map((entry) => {
          if (!('request' in entry)) throw new Error('unreachable');
          const request = { ...entry.request, Referencia: entry.request.Referencia?.map((reference) => ({ ...reference, FchRef: siiDate(signedAt) })) };
          const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(request.Encabezado.IdDoc.TipoDTE)!, trustedCafSigners: [credentials.authority] });
          const issued = issuer.issue(request, { folio: request.Encabezado.IdDoc.Folio!, signedAt });
          if (!issued.ok) throw new Error(`${entry.case}: ${JSON.stringify(issued.problems)}`);
          return issued.value.xml;
        });
        if (documents.length === 0) continue;
        const envelope = buildEnvelope({ documents, certificate: credentials.certificate, FchResol: '2026-01-15', NroResol: 0, signedAt });
        const receipt = await client.upload(envelope, { companyRut: TEST_COMPANY_RUT });
        const status = await finalStatus(client, receipt.trackId);
        expect({ set: set.attention, verdict: status.verdict }).toEqual({ set: set.attention, verdict: 'accepted' });
        expect(status.counts.reduce((sum, count) => sum + count.accepted, 0)).toBe(documents.length);
      }
    }
  }, 60_000);
});
