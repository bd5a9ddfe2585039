import { X509Certificate } from 'node:crypto';
import { parseCaf, type Caf } from '../../src/core/caf.ts';
import { loadCertificate, type SigningCertificate } from '../../src/core/certificate.ts';
import { generateTestCredentials, type TestCredentials } from '../../src/local/generate-test-credentials.ts';

/** Test credentials opened and ready for the core: one company, one test authority, a CAF per type. */
export interface OpenedCredentials {
  raw: TestCredentials;
  certificate: SigningCertificate;
  authority: X509Certificate;
  cafs: Map<number, Caf>;
}

export const TEST_COMPANY_RUT = '76192083-9';

let cached: Promise<OpenedCredentials> | undefined;

/** Generates the credentials once per test file (RSA key generation is the slow part). */
export function testCredentials(): Promise<OpenedCredentials> {
  cached ??= generateTestCredentials({
    companyRut: TEST_COMPANY_RUT,
    types: [33, 34, 52, 56, 61, 39, 41],
    from: 1,
    to: 500,
    now: new Date('2026-11-01T12:00:00Z'),
  }).then((raw) => ({
    raw,
    certificate: loadCertificate(raw.company.p12, raw.company.password),
    authority: new X509Certificate(raw.authority.certificatePem),
    cafs: new Map(raw.cafs.map((caf) => [caf.type, parseCaf(caf.xml)])),
  }));
  return cached;
}
