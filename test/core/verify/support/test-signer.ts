import { createHash, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { XmlC14NMode, XmlDocument } from 'libxml2-wasm';

/**
 * A signer written for the tests alone, from the XMLDSig recommendation, sharing no code with the
 * issuer or the verifier: it lets the tests produce signatures with other algorithms, an enveloped
 * transform, or a KeyInfo whose certificate and RSAKeyValue disagree.
 */

/** A key pair and a self-signed certificate for it. */
export interface TestIdentity {
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificate: X509Certificate;
  certificatePem: string;
}

/** Creates an RSA key pair and a self-signed certificate whose subject is `commonName`. */
export function createIdentity(commonName: string, modulusLength = 2048): TestIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  certificate.serialNumber = '0a';
  certificate.validity.notBefore = new Date('2025-01-01T00:00:00Z');
  certificate.validity.notAfter = new Date('2035-01-01T00:00:00Z');
  const attributes = [{ name: 'commonName', value: commonName }, { name: 'countryName', value: 'CL' }];
  certificate.setSubject(attributes);
  certificate.setIssuer(attributes);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(certificate);
  return { privateKey, publicKey, certificate: new X509Certificate(certificatePem), certificatePem };
}

const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const ALGORITHMS = {
  sha1: { digest: 'http://www.w3.org/2000/09/xmldsig#sha1', signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' },
  sha256: { digest: 'http://www.w3.org/2001/04/xmlenc#sha256', signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' },
};

export interface SigningOptions {
  identity: TestIdentity;
  hash?: 'sha1' | 'sha256';
  /** Lists the enveloped-signature transform before C14N. */
  enveloped?: boolean;
  /** Writes this key into RSAKeyValue instead of the identity's. */
  keyValueOf?: KeyObject;
  /** Overrides the SignatureMethod URI (to test refusal of unknown algorithms). */
  signatureMethod?: string;
  /** Uses exclusive C14N for the reference and for SignedInfo instead of inclusive C14N. */
  exclusive?: boolean;
}

function canonical(document: XmlDocument, xpath: string, exclusive: boolean): Buffer {
  const node = document.get(xpath, { ds: 'http://www.w3.org/2000/09/xmldsig#' });
  if (node === null) throw new Error(`${xpath} is not in the document.`);
  const mode = exclusive ? XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 : XmlC14NMode.XML_C14N_1_0;
  return Buffer.from(node.canonicalizeToString({ mode }), 'utf8');
}

/**
 * Signs the element with ID `referenceId` of a document given as ISO-8859-1 text whose root has no
 * Signature yet, appending the Signature as the root's last child. Returns the signed document's bytes.
 */
export function signDocument(text: string, referenceId: string, options: SigningOptions): Buffer {
  const algorithms = ALGORITHMS[options.hash ?? 'sha1'];
  const exclusive = options.exclusive === true;
  const c14n = exclusive ? EXCLUSIVE_C14N : C14N;
  const first = XmlDocument.fromBuffer(Buffer.from(text, 'latin1'));
  const digest = createHash(options.hash ?? 'sha1').update(canonical(first, `//*[@ID='${referenceId}']`, exclusive)).digest('base64');
  first.dispose();
  const transforms = `${options.enveloped === true ? `<Transform Algorithm="${ENVELOPED}"/>` : ''}<Transform Algorithm="${c14n}"/>`;
  const signedInfo =
    `<SignedInfo><CanonicalizationMethod Algorithm="${c14n}"/><SignatureMethod Algorithm="${options.signatureMethod ?? algorithms.signature}"/>` +
    `<Reference URI="#${referenceId}"><Transforms>${transforms}</Transforms><DigestMethod Algorithm="${algorithms.digest}"/>` +
    `<DigestValue>${digest}</DigestValue></Reference></SignedInfo>`;
  const jwk = (options.keyValueOf ?? options.identity.publicKey).export({ format: 'jwk' });
  const keyInfo =
    `<KeyInfo><KeyValue><RSAKeyValue><Modulus>${Buffer.from(jwk.n!, 'base64url').toString('base64')}</Modulus>` +
    `<Exponent>${Buffer.from(jwk.e!, 'base64url').toString('base64')}</Exponent></RSAKeyValue></KeyValue>` +
    `<X509Data><X509Certificate>${options.identity.certificate.raw.toString('base64')}</X509Certificate></X509Data></KeyInfo>`;
  const closing = text.lastIndexOf('</');
  const withSignedInfo = `${text.slice(0, closing)}<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">${signedInfo}<SignatureValue>@</SignatureValue>${keyInfo}</Signature>\n${text.slice(closing)}`;
  const second = XmlDocument.fromBuffer(Buffer.from(withSignedInfo, 'latin1'));
  const value = sign(options.hash ?? 'sha1', canonical(second, '/*/ds:Signature/ds:SignedInfo', exclusive), options.identity.privateKey).toString('base64');
  second.dispose();
  return Buffer.from(withSignedInfo.replace('<SignatureValue>@</SignatureValue>', `<SignatureValue>${value}</SignatureValue>`), 'latin1');
}

/** Removes the Signature that is the root's last child from a document's text. */
export function withoutSignature(text: string): string {
  const start = Math.max(text.lastIndexOf('<Signature '), text.lastIndexOf('<Signature>'));
  const end = text.lastIndexOf('</Signature>') + '</Signature>'.length;
  return text.slice(0, start) + text.slice(end);
}

/**
 * Builds a CAF file whose FRMA is made by `authority`, for the type and range given, carrying the
 * public key of `cafKey` as RSAPK.
 */
export function createCaf(authority: TestIdentity, cafKey: KeyObject, fields: { RE: string; RS: string; TD: number; D: number; H: number }): Buffer {
  const jwk = cafKey.export({ format: 'jwk' });
  const da =
    `<DA>\n<RE>${fields.RE}</RE>\n<RS>${fields.RS}</RS>\n<TD>${fields.TD}</TD>\n<RNG><D>${fields.D}</D><H>${fields.H}</H></RNG>\n<FA>2025-04-11</FA>\n` +
    `<RSAPK><M>${Buffer.from(jwk.n!, 'base64url').toString('base64')}</M><E>${Buffer.from(jwk.e!, 'base64url').toString('base64')}</E></RSAPK>\n<IDK>1</IDK>\n</DA>`;
  const frma = sign('sha1', Buffer.from(da.replace(/>\s+</g, '><'), 'latin1'), authority.privateKey).toString('base64');
  return Buffer.from(`<?xml version="1.0"?>\n<AUTORIZACION>\n<CAF version="1.0">\n${da}\n<FRMA algoritmo="SHA1withRSA">${frma}</FRMA>\n</CAF>\n</AUTORIZACION>\n`, 'latin1');
}
