import { buildEnvelope } from '../../../src/core/build-envelope.ts';
import type { DocumentRequest, TipoDTE } from '../../../src/core/document-request.ts';
import { createIssuer } from '../../../src/core/issue-document.ts';
import { validateRequest } from '../../../src/core/validate-request.ts';
import { createSiiSimulator, type SiiSimulator, type SiiSimulatorOptions } from '../../../src/sii-sim/index.ts';
import { testCredentials } from '../../support/credentials.ts';
import { sampleRequest } from '../../support/requests.ts';

/** When test documents are signed: after the test credentials' start (2026-11-01). */
export const SIGNED_AT = new Date('2026-11-20T15:30:00Z');

/**
 * A clock that starts at 2026-11-21 noon and runs at real speed, so the test certificates (valid from
 * 2026-11-01) are valid whatever day the tests run, and envelopes still move through their states.
 */
export function testClock(from = '2026-11-21T12:00:00Z'): () => Date {
  const start = Date.now();
  const origin = Date.parse(from);
  return () => new Date(origin + (Date.now() - start));
}

/** A simulator trusting the test authority, with short steps, a seed and the test clock. */
export async function startSimulator(options: SiiSimulatorOptions = {}): Promise<{ simulator: SiiSimulator; url: string }> {
  const credentials = await testCredentials();
  const simulator = createSiiSimulator({
    trustedCafCertificates: [credentials.authority],
    steps: { REC: 3, SOK: 3, FOK: 3, CRT: 3, PRD: 3 },
    seed: 7,
    now: testClock(),
    ...options,
  });
  return { simulator, url: await simulator.listen(0, '127.0.0.1') };
}

/** A signed DTE of `type` and `folio` from the sample request, issued with the project's issuer. */
export async function issueDocument(type: TipoDTE, folio: number, overrides: Record<string, unknown> = {}): Promise<Buffer> {
  const credentials = await testCredentials();
  const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(type)!, trustedCafSigners: [credentials.authority] });
  const result = issuer.issue(sampleRequest(type, overrides), { folio, signedAt: SIGNED_AT });
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.pointer}: ${problem.message}`).join('\n'));
  return result.value.xml;
}

/**
 * A signed DTE whose validated request was changed by `change` before signing: the way to put in a
 * document what the issuer's validation refuses (blank names, say), to see what the SII makes of it.
 */
export async function issueChanged(type: TipoDTE, folio: number, change: (request: DocumentRequest) => void): Promise<Buffer> {
  const credentials = await testCredentials();
  const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(type)!, trustedCafSigners: [credentials.authority] });
  const validated = validateRequest(sampleRequest(type));
  if (!validated.ok) throw new Error('The sample request does not validate.');
  change(validated.value);
  const result = issuer.issueValidated(validated.value, { folio, signedAt: SIGNED_AT });
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.pointer}: ${problem.message}`).join('\n'));
  return result.value.xml;
}

/** An EnvioDTE of the given signed documents, signed with the test certificate. */
export async function envelopeOf(documents: readonly Buffer[], RutReceptor?: string, signedAt = SIGNED_AT): Promise<Buffer> {
  const credentials = await testCredentials();
  return buildEnvelope({ documents, certificate: credentials.certificate, FchResol: '2026-01-15', NroResol: 0, signedAt, ...(RutReceptor === undefined ? {} : { RutReceptor }) });
}

/** Replaces the first `marker` of a Latin-1 file by `replacement`; fails when it is absent. */
export function replaceOnce(bytes: Uint8Array, marker: string, replacement: string): Buffer {
  const text = Buffer.from(bytes).toString('latin1');
  const index = text.indexOf(marker);
  if (index < 0) throw new Error(`${marker} is not in the file.`);
  return Buffer.from(text.slice(0, index) + replacement + text.slice(index + marker.length), 'latin1');
}
