import { loadCertificate, type SigningCertificate } from '../../../src/core/certificate.ts';
import type { TipoDTE } from '../../../src/core/document-request.ts';
import { generateTestCredentials } from '../../../src/local/generate-test-credentials.ts';
import type { SiiSimulator } from '../../../src/sii-sim/index.ts';
import { TEST_COMPANY_RUT } from '../../support/credentials.ts';
import { envelopeOf, issueDocument } from './documents.ts';
import { followEnvelope, uploadAccepted, valueOf } from './sii-requests.ts';

/**
 * Parties and documents for the registry's tests: the test company (76192083-9) issues facturas to the
 * sample request's receiver (77777777-7), whose certificate acts as the receiver; a third company
 * (11111111-1) is neither.
 */

/** The receiver of the sample requests. */
export const RECEIVER_RUT = '77777777-7';
/** A company that is neither issuer nor receiver. */
export const STRANGER_RUT = '11111111-1';

const DAY_MS = 86_400_000;
const certificates = new Map<string, Promise<SigningCertificate>>();

/** A test certificate whose owner is `rut` (generated once per test file). */
export function certificateOf(rut: string): Promise<SigningCertificate> {
  let certificate = certificates.get(rut);
  if (certificate === undefined) {
    certificate = generateTestCredentials({ companyRut: rut, types: [33], from: 1, to: 10, now: new Date('2026-11-01T12:00:00Z') })
      .then((raw) => loadCertificate(raw.company.p12, raw.company.password));
    certificates.set(rut, certificate);
  }
  return certificate;
}

/**
 * Issues the documents with the test company, uploads them in one envelope and waits until the local
 * SII has processed it (EPR); returns the envelope's answer.
 */
export async function receive(simulator: SiiSimulator, documents: Array<{ type: TipoDTE; folio: number; overrides?: Record<string, unknown> }>): Promise<string> {
  const signed = await Promise.all(documents.map((document) => issueDocument(document.type, document.folio, document.overrides)));
  const token = simulator.createToken(TEST_COMPANY_RUT);
  const trackId = await uploadAccepted(simulator.url, token, await envelopeOf(signed));
  await simulator.whenIdle();
  const { answer } = await followEnvelope(simulator.url, token, trackId);
  if (valueOf(answer, 'ESTADO') !== 'EPR') throw new Error(`The envelope was not processed: ${answer}`);
  return answer;
}

/** Moves the simulator's clock forward by `days` from where it is. */
export function advance(simulator: SiiSimulator, days: number): void {
  simulator.setClock({ offsetMs: simulator.clock().offsetMs + Math.round(days * DAY_MS) });
}
