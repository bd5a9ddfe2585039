import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import { judgeEnvelope, type JudgedEnvelopeStatus } from '../../src/app/submission/verdicts.ts';
import { buildEnvelope } from '../../src/core/build-envelope.ts';
import { DteError } from '../../src/core/errors.ts';
import type { TipoDTE } from '../../src/core/document-request.ts';
import { createIssuer, type IssuedDocument } from '../../src/core/issue-document.ts';
import { CircuitBreakers, createSiiGateway, TokenCache, type SiiGateway } from '../../src/sii/index.ts';
import { createSiiSimulator, NO_FAULTS, type SiiSimulator } from '../../src/sii-sim/index.ts';
import { TEST_COMPANY_RUT, testCredentials } from '../support/credentials.ts';
import { sampleRequest } from '../support/requests.ts';

/**
 * Our SII client against the local SII, over real HTTP on 127.0.0.1: what DESIGN.md asks of both is
 * checked by each side independently, so here they must agree.
 */
let simulator: SiiSimulator;
let folio = 1;
const signedAt = new Date();

beforeAll(async () => {
  const credentials = await testCredentials();
  simulator = createSiiSimulator({
    trustedCafCertificates: [credentials.authority],
    steps: { REC: 80, SOK: 80, FOK: 80, CRT: 80, PRD: 80 },
    seed: 7,
  });
  await simulator.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await simulator.close();
});

async function gateway(options: { attempts?: number; timeoutMs?: number } = {}): Promise<SiiGateway> {
  const { certificate } = await testCredentials();
  return createSiiGateway({
    environment: 'local',
    baseUrl: simulator.url,
    certificate,
    catalog: siiCodeCatalog(),
    requestTimeoutMs: options.timeoutMs ?? 2_000,
    uploadTimeoutMs: options.timeoutMs ?? 2_000,
    retry: { attempts: options.attempts ?? 5, baseDelayMs: 5, maxDelayMs: 20 },
    tokenCache: new TokenCache(),
    circuitBreakers: new CircuitBreakers({ failureThreshold: 1_000, coolDownMs: 10 }),
  });
}

async function issue(type: TipoDTE, request: Record<string, unknown> = sampleRequest(type), documentFolio = folio++): Promise<IssuedDocument> {
  const credentials = await testCredentials();
  const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(type)!, trustedCafSigners: [credentials.authority] });
  const result = issuer.issue(request, { folio: documentFolio, signedAt });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

async function envelopeOf(documents: IssuedDocument[], receptor?: string): Promise<Buffer> {
  const { certificate } = await testCredentials();
  return buildEnvelope({ documents: documents.map((document) => document.xml), certificate, FchResol: '2026-01-15', NroResol: 0, signedAt, ...(receptor ? { RutReceptor: receptor } : {}) });
}

async function finalStatus(client: SiiGateway, trackId: string): Promise<JudgedEnvelopeStatus> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const status = judgeEnvelope(await client.envelopeStatus(trackId, TEST_COMPANY_RUT));
    if (status.final) return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`envelope ${trackId} never reached a final state`);
}

describe('an expired token', () => {
  it('is renewed once the local SII refuses it, and the call then succeeds', async () => {
    const credentials = await testCredentials();
    const shortLived = createSiiSimulator({ trustedCafCertificates: [credentials.authority], tokenLifetimeMs: 300, steps: { REC: 5, SOK: 5, FOK: 5, CRT: 5, PRD: 5 } });
    await shortLived.listen(0, '127.0.0.1');
    try {
      const client = createSiiGateway({ environment: 'local', baseUrl: shortLived.url, certificate: credentials.certificate, catalog: siiCodeCatalog(), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, tokenCache: new TokenCache(60_000) });
      const receipt = await client.upload(await envelopeOf([await issue(33)]), { companyRut: TEST_COMPANY_RUT });
      await new Promise((resolve) => setTimeout(resolve, 400));
      // The client still holds the token it logged in with; the SII has let it expire.
      const status = await client.envelopeStatus(receipt.trackId, TEST_COMPANY_RUT);
      expect(status.trackId).toBe(receipt.trackId);
      expect(status.errorCode).toBeUndefined();
    } finally {
      await shortLived.close();
    }
  });
});

describe('our client and the local SII', () => {
  it('log in, upload five types and follow the envelopes to EPR with every document accepted', async () => {
    const client = await gateway();
    const factura = await issue(33);
    const first = await client.upload(await envelopeOf([factura]), { companyRut: TEST_COMPANY_RUT });
    expect((await finalStatus(client, first.trackId)).verdict).toBe('accepted');
    // The notes reference the factura the SII now holds (else REF-3-750).
    const reference = { Referencia: [{ TpoDocRef: '33', FolioRef: String(factura.Folio), FchRef: factura.FchEmis, CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] };
    const documents = [await issue(34), await issue(52), await issue(56, sampleRequest(56, reference)), await issue(61, sampleRequest(61, reference)), await issue(33)];
    const receipt = await client.upload(await envelopeOf(documents), { companyRut: TEST_COMPANY_RUT });
    expect(receipt.trackId).toMatch(/^\d+$/);
    const early = judgeEnvelope(await client.envelopeStatus(receipt.trackId, TEST_COMPANY_RUT));
    expect(early.final).toBe(false);
    const status = await finalStatus(client, receipt.trackId);
    expect(status.state).toBe('EPR');
    expect(status.verdict).toBe('accepted');
    expect(status.counts).toEqual(expect.arrayContaining([{ type: 33, informed: 1, accepted: 1, rejected: 0, repairs: 0 }]));
    expect(status.counts.map((count) => count.type).sort()).toEqual([33, 34, 52, 56, 61]);
    expect(status.counts.reduce((sum, count) => sum + count.accepted, 0)).toBe(5);
    const one = documents[0]!;
    const documentStatus = await client.documentStatus({ companyRut: TEST_COMPANY_RUT, receiverRut: one.RUTRecep, type: one.TipoDTE, folio: one.Folio, issueDate: one.FchEmis, totalAmount: one.Totales.MntTotal });
    expect(documentStatus.state).toBe('DOK');
  });

  it('a folio used twice is rejected with DTE-3-101', async () => {
    const client = await gateway();
    const reused = folio++;
    await finalStatus(client, (await client.upload(await envelopeOf([await issue(33, sampleRequest(33), reused)]), { companyRut: TEST_COMPANY_RUT })).trackId);
    const second = await issue(33, sampleRequest(33, { Detalle: [{ NmbItem: 'Otro', QtyItem: 1, PrcItem: 1000 }] }), reused);
    const status = await finalStatus(client, (await client.upload(await envelopeOf([second]), { companyRut: TEST_COMPANY_RUT })).trackId);
    expect(status.state).toBe('EPR');
    expect(status.verdict).toBe('rejected');
    expect(status.documents[0]).toMatchObject({ type: 33, folio: reused, state: 'RCH' });
    expect(status.documents[0]!.codes.map((code) => code.code)).toContain('DTE-3-101');
  });

  it('a Caratula addressed to the customer instead of the SII is rejected with CRT-3-18', async () => {
    const client = await gateway();
    const receipt = await client.upload(await envelopeOf([await issue(33)], '77777777-7'), { companyRut: TEST_COMPANY_RUT });
    const status = await finalStatus(client, receipt.trackId);
    expect(status.state).toBe('RCT');
    expect(status.verdict).toBe('rejected');
    expect(status.codes.map((code) => code.code)).toContain('CRT-3-18');
  });

  it('a document whose signature was broken after signing is rejected, and a schema error is refused at upload', async () => {
    const client = await gateway();
    const document = await issue(33);
    const tampered = { ...document, xml: Buffer.from(document.xml.toString('latin1').replace('<GiroRecep>Construcción', '<GiroRecep>Construccion'), 'latin1') };
    const status = await finalStatus(client, (await client.upload(await envelopeOf([tampered]), { companyRut: TEST_COMPANY_RUT })).trackId);
    expect(status.verdict).toBe('rejected');
    expect(status.documents[0]?.state).toBe('RCH');
    expect(status.documents[0]!.codes.map((code) => code.code)).toContain('DTE-3-505');
    const invalid = Buffer.from((await envelopeOf([await issue(34)])).toString('latin1').replace('<NroResol>0</NroResol>', '<NroResol>zero</NroResol>'), 'latin1');
    const refusal = await client.upload(invalid, { companyRut: TEST_COMPANY_RUT }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect((refusal as Error).message).toMatch(/STATUS 7|schema/i);
    // The client reads the local SII's DETAIL lines as it reads the SII's: code and element.
    expect((refusal as { details: { schemaErrors: unknown[] } }).details.schemaErrors).toEqual([
      { code: 'cvc-datatype-valid.1.2.1', text: expect.stringContaining("'zero' is not a valid value") },
      { code: 'cvc-type.3.1.3', element: 'NroResol', text: "cvc-type.3.1.3: The value 'zero' of element 'NroResol' is not valid." },
    ]);
  });

  it('a nota de crédito that references a factura the SII never received is rejected with REF-3-750', async () => {
    const client = await gateway();
    const note = await issue(61, sampleRequest(61, { Referencia: [{ TpoDocRef: '33', FolioRef: '4999', FchRef: '2026-11-01', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] }));
    const status = await finalStatus(client, (await client.upload(await envelopeOf([note]), { companyRut: TEST_COMPANY_RUT })).trackId);
    expect(status.verdict).toBe('rejected');
    expect(status.documents[0]!.codes.map((code) => code.code)).toContain('REF-3-750');
  });

  it('survives expired tokens, 5xx answers, hangs and malformed answers, and reports only what the SII decided', async () => {
    const client = await gateway({ attempts: 7, timeoutMs: 300 });
    // The queue retries what the client gives up on when the error is retryable; so does this test.
    const persist = async <T>(operation: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await operation();
        } catch (error) {
          if (!(error instanceof DteError) || !error.retryable || attempt === 20) throw error;
        }
      }
    };
    simulator.setFaults({ expiredTokenRate: 0.3, serverErrorRate: 0.3, timeoutRate: 0.1, malformedRate: 0.2 });
    try {
      const documents = [await issue(33), await issue(52)];
      const envelope = await envelopeOf(documents);
      const receipt = await persist(() => client.upload(envelope, { companyRut: TEST_COMPANY_RUT }));
      let status: JudgedEnvelopeStatus;
      do {
        await new Promise((resolve) => setTimeout(resolve, 25));
        status = judgeEnvelope(await persist(() => client.envelopeStatus(receipt.trackId, TEST_COMPANY_RUT)));
      } while (!status.final);
      simulator.setFaults(NO_FAULTS);
      // One envelope only reached the SII, however many times the upload was retried.
      expect(simulator.envelopes().filter((record) => record.digest === simulator.envelope(Number(receipt.trackId))?.digest)).toHaveLength(1);
      const truth = simulator.envelope(Number(receipt.trackId));
      expect(status.state).toBe(truth?.currentState);
      expect(status.verdict).toBe('accepted');
      const accepted = (truth?.verdict?.counts ?? []).map((count) => ({ type: count.TipoDTE, accepted: count.aceptados }));
      expect(status.counts.map((count) => ({ type: count.type, accepted: count.accepted }))).toEqual(accepted);
    } finally {
      simulator.setFaults(NO_FAULTS);
    }
  });
});
