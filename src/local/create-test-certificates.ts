import { randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * X.509 certificates and PKCS#12 for local use and tests only: a test authority that stands in for the
 * SII's CAF-signing certificates, and a company signing certificate issued by it. Every name says that
 * they are not valid at the SII. Keys come from node:crypto (fast); node-forge builds the certificates
 * and the PKCS#12 because node:crypto cannot.
 */

/**
 * The test authority's key identifier. The SII's real CAFs carry IDK 100 (certificación, signed with
 * 100.cer, serial number 100) or 300 (producción, 300.cer, serial 300). The test authority mirrors that
 * pairing with a number the SII does not use, so a CAF of ours can never pass for one of theirs.
 */
export const TEST_AUTHORITY_IDK = 999;

const DAY_MILLISECONDS = 24 * 60 * 60 * 1000;

/** A key pair made by node:crypto. */
export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The test authority: its certificate (forge and PEM) and its private key. */
export interface TestAuthority {
  certificate: forge.pki.Certificate;
  certificatePem: string;
  privateKey: KeyObject;
}

/**
 * Creates the self-signed test authority. Its subject has the shape of the SII's 100.cer (C, ST, L, O,
 * OU, CN, emailAddress) with names that say it is not the SII; its serial number is TEST_AUTHORITY_IDK.
 * It is valid from a day before `now` (to tolerate clock skew) for ten years.
 */
export function createTestAuthority(keys: RsaKeyPair, now: Date): TestAuthority {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = toForgePublicKey(keys.publicKey);
  certificate.serialNumber = TEST_AUTHORITY_IDK.toString(16).padStart(4, '0');
  setValidity(certificate, now, 10);
  const name = distinguishedName([
    ['countryName', 'CL'],
    ['stateOrProvinceName', 'CS'],
    ['localityName', 'Cs'],
    ['organizationName', 'TEST ONLY - NOT Servicio de Impuestos Internos'],
    ['organizationalUnitName', 'Local use only'],
    ['commonName', 'TEST SII AUTHORITY - NOT THE SII'],
    ['emailAddress', 'test-authority@example.invalid'],
  ]);
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(toForgePrivateKey(keys.privateKey), forge.md.sha256.create());
  return { certificate, certificatePem: forge.pki.certificateToPem(certificate), privateKey: keys.privateKey };
}

/** What a company signing certificate says about its holder. */
export interface CompanyCertificateRequest {
  keys: RsaKeyPair;
  authority: TestAuthority;
  /** The signer's RUT, written in the subject's serialNumber (2.5.4.5) as Chilean certificates do. */
  signerRut: string;
  companyName: string;
  now: Date;
}

/**
 * Creates a signing certificate issued by the test authority, shaped like a Chilean personal
 * certificate: the RUT in the subject's serialNumber, a CN naming the holder, digital signature and
 * non-repudiation key usage. Issuing it from the authority (rather than self-signing) gives a local
 * SII one trust anchor for both CAFs and signers. Valid from a day before `now` for three years.
 */
export function createCompanyCertificate(request: CompanyCertificateRequest): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = toForgePublicKey(request.keys.publicKey);
  // A leading 01 keeps the random serial positive and of a fixed length.
  certificate.serialNumber = '01' + randomBytes(15).toString('hex');
  setValidity(certificate, request.now, 3);
  certificate.setSubject(distinguishedName([
    ['countryName', 'CL'],
    ['organizationName', request.companyName.slice(0, 64)],
    ['organizationalUnitName', 'TEST CERTIFICATE - LOCAL USE ONLY'],
    ['commonName', `TEST SIGNER ${request.signerRut} - NOT VALID AT THE SII`],
    ['serialNumber', request.signerRut],
  ]));
  certificate.setIssuer(request.authority.certificate.subject.attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyEncipherment: true, dataEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true, emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: request.authority.certificate.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  certificate.sign(toForgePrivateKey(request.authority.privateKey), forge.md.sha256.create());
  return certificate;
}

/** What goes into a PKCS#12 file. */
export interface Pkcs12Request {
  privateKey: KeyObject;
  /** The holder's certificate first, then its issuers. */
  chain: forge.pki.Certificate[];
  password: string;
  friendlyName: string;
}

/**
 * Packs a key and its certificate chain into PKCS#12 (DER). The key is encrypted with
 * pbeWithSHAAnd3-KeyTripleDES-CBC and the file carries a SHA-1 MAC: OpenSSL 3 reads that without
 * `-legacy` (forge's other choice for old readers, RC2, would need it) and node-forge reads it back.
 */
export function packPkcs12(request: Pkcs12Request): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(toForgePrivateKey(request.privateKey), request.chain, request.password, {
    algorithm: '3des',
    friendlyName: request.friendlyName,
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function setValidity(certificate: forge.pki.Certificate, now: Date, years: number): void {
  const notBefore = new Date(now.getTime() - DAY_MILLISECONDS);
  const notAfter = new Date(now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  certificate.validity.notBefore = notBefore;
  certificate.validity.notAfter = notAfter;
}

/**
 * Builds subject attributes, as PrintableString when the value allows it (as the SII's certificates
 * are written) and as UTF8String otherwise (names with accents or `&`).
 */
function distinguishedName(attributes: ReadonlyArray<readonly [string, string]>): forge.pki.CertificateField[] {
  return attributes.map(([name, value]) => {
    const tag = name === 'emailAddress' ? forge.asn1.Type.IA5STRING
      : /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? forge.asn1.Type.PRINTABLESTRING
      : forge.asn1.Type.UTF8;
    // forge reads valueTagClass as a universal tag number although its typings call it a class.
    return { name, value, valueTagClass: tag as unknown as forge.asn1.Class };
  });
}

function toForgePrivateKey(key: KeyObject): forge.pki.rsa.PrivateKey {
  return forge.pki.privateKeyFromPem(key.export({ type: 'pkcs1', format: 'pem' }).toString());
}

function toForgePublicKey(key: KeyObject): forge.pki.rsa.PublicKey {
  return forge.pki.publicKeyFromPem(key.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey;
}
