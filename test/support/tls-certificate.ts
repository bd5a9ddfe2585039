import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A self-signed server certificate for 127.0.0.1 and localhost, and its key (PEM). */
export interface LoopbackCertificate {
  key: string;
  certificate: string;
}

let cached: LoopbackCertificate | undefined;

/**
 * A certificate for the tests' own TLS servers (dovecot's IMAPS, the SMTP receiver's STARTTLS), made
 * once per test file. Clients trust it by pinning it as their certificate authority, the way a company
 * configures a mail server with a private CA.
 */
export function loopbackCertificate(): LoopbackCertificate {
  if (cached !== undefined) return cached;
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
  const name = [{ name: 'commonName', value: 'localhost' }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create());
  cached = { key, certificate: forge.pki.certificateToPem(certificate) };
  return cached;
}
