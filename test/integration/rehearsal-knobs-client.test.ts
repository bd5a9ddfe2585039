import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUploadOutcomeUnknown } from '../../src/app/ports/index.ts';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import { judgeEnvelope } from '../../src/app/submission/verdicts.ts';
import { CircuitBreakers, createSiiGateway, TokenCache, type SiiGateway } from '../../src/sii/index.ts';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials, TEST_COMPANY_RUT } from '../support/credentials.ts';
import { envelopeOf, issueDocument, startSimulator } from '../sii-sim/support/documents.ts';

/**
 * Issue 19's rehearsal knobs as our SII client sees them: a refused upload is a failure with the SII's
 * STATUS, a lost answer leaves the outcome unknown although the SII holds the envelope, and a held
 * envelope stays in an intermediate state until released. These are the failed, uncertain and pending
 * documents the evals and the demo show.
 */
let simulator: SiiSimulator;
let folio = 1;

beforeAll(async () => {
  const credentials = await testCredentials();
  ({ simulator } = await startSimulator({ trustedCafCertificates: [credentials.authority] }));
});

afterAll(async () => {
  await simulator.close();
});

async function gateway(): Promise<SiiGateway> {
  return createSiiGateway({
    environment: 'local', baseUrl: simulator.url, certificate: (await testCredentials()).certificate, catalog: siiCodeCatalog(),
    requestTimeoutMs: 1_000, uploadTimeoutMs: 400, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, tokenCache: new TokenCache(),
    circuitBreakers: new CircuitBreakers({ failureThreshold: 1_000, coolDownMs: 10 }),
  });
}

async function envelope(): Promise<Buffer> {
  return envelopeOf([await issueDocument(33, folio++)]);
}

describe('our SII client on the rehearsal knobs', () => {
  it('a refused upload (STATUS 6) is a final SII_REJECTED naming the STATUS, and nothing reached the SII', async () => {
    simulator.setUploadRules({ rules: [{ status: 6 }] });
    const before = simulator.envelopes().length;
    const error = await (await gateway()).upload(await envelope(), { companyRut: TEST_COMPANY_RUT }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect((error as Error).message).toContain('STATUS 6');
    expect(simulator.envelopes()).toHaveLength(before);
  });

  it('a lost answer leaves the outcome unknown, while the SII has the envelope under a track id', async () => {
    simulator.setUploadRules({ rules: [{ lose: 'hang' }] });
    const before = simulator.envelopes().length;
    const error = await (await gateway()).upload(await envelope(), { companyRut: TEST_COMPANY_RUT }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SII_UNAVAILABLE' });
    expect(isUploadOutcomeUnknown(error)).toBe(true);
    expect(simulator.envelopes()).toHaveLength(before + 1);
  });

  it('a held document stays in an intermediate state until released, then gets its verdict', async () => {
    simulator.setHolds({ rules: [{ type: 33, next: 1 }] });
    const client = await gateway();
    const receipt = await client.upload(await envelope(), { companyRut: TEST_COMPANY_RUT });
    await simulator.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pending = judgeEnvelope(await client.envelopeStatus(receipt.trackId, TEST_COMPANY_RUT));
    expect(pending).toMatchObject({ state: 'PRD', final: false });
    simulator.release();
    await simulator.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(judgeEnvelope(await client.envelopeStatus(receipt.trackId, TEST_COMPANY_RUT))).toMatchObject({ state: 'EPR', final: true, verdict: 'accepted' });
  });
});
