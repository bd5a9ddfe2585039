import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTestCredentials, type TestCredentials } from '../../src/local/generate-test-credentials.ts';
import { findCafSigner, parseCaf } from '../../src/core/caf.ts';
import { loadCertificate } from '../../src/core/certificate.ts';

// The issuer's own readers must accept what `dte keys` writes, or a newcomer's first run fails.
const SII_100 = new X509Certificate(readFileSync(new URL('../../resources/sii-certs/100.cer', import.meta.url)));
let credentials: TestCredentials;

beforeAll(async () => {
  credentials = await generateTestCredentials({
    companyRut: '76192083-9',
    signerRut: '17605402-6',
    types: [33, 61],
    from: 1,
    to: 10,
    now: new Date('2026-01-15T15:00:00Z'),
  });
});

describe('test credentials in the issuer', () => {
  it('parseCaf reads each CAF, and findCafSigner trusts the test authority but not the SII', () => {
    const authority = new X509Certificate(credentials.authority.certificatePem);
    for (const generated of credentials.cafs) {
      const caf = parseCaf(generated.xml);
      expect(caf).toMatchObject({ RE: '76192083-9', TD: generated.type, D: 1, H: 10, FA: '2026-01-15', IDK: 999 });
      expect(caf.privateKey).toBeDefined();
      expect(findCafSigner(caf, [SII_100, authority])).toBe(authority);
      expect(findCafSigner(caf, [SII_100])).toBeUndefined();
    }
  });

  it('loadCertificate opens the PKCS#12 with its password and finds the signer RUT', () => {
    const certificate = loadCertificate(credentials.company.p12, credentials.company.password);
    expect(certificate.signerRut).toBe('17605402-6');
    expect(certificate.subjectName).toBe('TEST SIGNER 17605402-6 - NOT VALID AT THE SII');
  });
});
