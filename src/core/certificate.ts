import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { DteError } from './errors.ts';

/**
 * A company's signing certificate, loaded from its PKCS#12 file. The private key is a Node KeyObject:
 * signing goes through OpenSSL, and the key never appears as text outside this module.
 */
export interface SigningCertificate {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** The certificate, DER in base64, as X509Data carries it. */
  certificateBase64: string;
  /** RSAKeyValue of the public key, base64 big-endian. */
  modulusBase64: string;
  exponentBase64: string;
  /** The signer's RUT, from the subject's serialNumber (2.5.4.5); it is the Caratula's RutEnvia. */
  signerRut: string | undefined;
  subjectName: string;
  validFrom: Date;
  validTo: Date;
}

/**
 * Opens a PKCS#12 file. A wrong password or a file that holds no RSA key with its certificate is a
 * CERTIFICATE_INVALID error whose message never repeats the password.
 */
export function loadCertificate(pkcs12: Uint8Array, password: string): SigningCertificate {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(pkcs12).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = error instanceof Error && /mac|password|decrypt/i.test(error.message)
      ? 'The certificate could not be opened: the password is wrong.'
      : 'The certificate could not be opened: the file is not a valid PKCS#12 (.p12/.pfx).';
    throw new DteError('CERTIFICATE_INVALID', message);
  }
  const keys = [...bagsOf(p12, SHROUDED_KEY_BAG), ...bagsOf(p12, KEY_BAG)]
    .flatMap((bag) => (bag.key ? [bag.key as forge.pki.rsa.PrivateKey] : []));
  const certificates = bagsOf(p12, CERTIFICATE_BAG).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  if (keys.length === 0 || certificates.length === 0) {
    throw new DteError('CERTIFICATE_INVALID', 'The certificate file holds no private key with its certificate.');
  }
  for (const key of keys) {
    const certificate = certificates.find((candidate) => {
      const publicKey = candidate.publicKey as forge.pki.rsa.PublicKey;
      return publicKey.n !== undefined && publicKey.n.equals(key.n) && publicKey.e.equals(key.e);
    });
    if (certificate) return fromForge(key, certificate);
  }
  throw new DteError('CERTIFICATE_INVALID', 'The certificate file holds a private key that matches none of its certificates.');
}

/** PKCS#12 bag types (RFC 7292): a shrouded key, a plain key, a certificate. */
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const CERTIFICATE_BAG = '1.2.840.113549.1.12.10.1.3';

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}

function fromForge(key: forge.pki.rsa.PrivateKey, certificate: forge.pki.Certificate): SigningCertificate {
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(key));
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
  const x509 = new X509Certificate(der);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (jwk.n === undefined || jwk.e === undefined) {
    throw new DteError('CERTIFICATE_INVALID', 'The certificate key is not an RSA key.');
  }
  const serialNumber = certificate.subject.getField({ type: '2.5.4.5' }) as { value: string } | null;
  const commonName = certificate.subject.getField('CN') as { value: string } | null;
  return {
    privateKey,
    certificate: x509,
    certificateBase64: der.toString('base64'),
    modulusBase64: Buffer.from(jwk.n, 'base64url').toString('base64'),
    exponentBase64: Buffer.from(jwk.e, 'base64url').toString('base64'),
    signerRut: serialNumber ? normaliseSerialRut(serialNumber.value) : undefined,
    subjectName: commonName?.value ?? x509.subject,
    validFrom: certificate.validity.notBefore,
    validTo: certificate.validity.notAfter,
  };
}

/** Certificates write the RUT in various ways ("17605402-6", "17.605.402-6", "176054026"). */
function normaliseSerialRut(value: string): string | undefined {
  const compact = value.replace(/[.\s]/g, '').toUpperCase();
  const match = /^(\d{1,8})-?([\dK])$/.exec(compact);
  return match ? `${match[1]}-${match[2]}` : undefined;
}
