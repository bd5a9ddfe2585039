import { createHash, sign } from 'node:crypto';
import type { SigningCertificate } from './certificate.ts';
import { C14N_ALGORITHM as C14N, ENVELOPED_SIGNATURE_TRANSFORM as ENVELOPED_SIGNATURE, RSA_SHA1_ALGORITHM as RSA_SHA1, SHA1_ALGORITHM as SHA1, XMLDSIG_NAMESPACE } from './xml-namespaces.ts';
import { wrapBase64 } from './xml-writer.ts';


/**
 * Namespace declarations in scope of an element, written as C14N renders them on the apex of a
 * canonicalised subtree (default namespace first, then by prefix).
 */
export type InScopeNamespaces = string;

/**
 * Signs an element that the caller wrote in canonical form and returns the `<Signature>` to place
 * beside it. `canonicalElement` is the element's canonical text, with the namespace declarations that
 * are in scope where it stands already on its start tag. `signatureScope` lists the declarations in
 * scope at the Signature's parent other than the XMLDSig default one (the envelope's `xmlns:xsi`), which
 * C14N carries onto SignedInfo.
 *
 * The XMLDSig profile is the SII's: inclusive C14N, RSA-SHA1, SHA-1 digest, one C14N Transform, and
 * KeyValue/RSAKeyValue before X509Data (xmldsignature_v10.xsd).
 */
export function signCanonicalElement(
  canonicalElement: string,
  referenceId: string,
  certificate: SigningCertificate,
  signatureScope = '',
): string {
  return signCanonical(canonicalElement, `#${referenceId}`, C14N, certificate, signatureScope);
}

/**
 * Signs a whole document (Reference URI "" with the enveloped-signature transform), as the SII's
 * authentication wants the seed signed: `canonicalDocument` is the document's canonical form without
 * the Signature, and the returned `<Signature>` goes last inside its root element.
 */
export function signCanonicalDocument(canonicalDocument: string, certificate: SigningCertificate): string {
  return signCanonical(canonicalDocument, '', ENVELOPED_SIGNATURE, certificate, '');
}

function signCanonical(
  canonical: string,
  uri: string,
  transform: string,
  certificate: SigningCertificate,
  signatureScope: string,
): string {
  const digest = createHash('sha1').update(canonical, 'utf8').digest('base64');
  const signedInfoContent =
    `<CanonicalizationMethod Algorithm="${C14N}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="${RSA_SHA1}"></SignatureMethod>` +
    `<Reference URI="${uri}">` +
    `<Transforms><Transform Algorithm="${transform}"></Transform></Transforms>` +
    `<DigestMethod Algorithm="${SHA1}"></DigestMethod>` +
    `<DigestValue>${digest}</DigestValue>` +
    '</Reference>';
  const scope = signatureScope === '' ? '' : ` ${signatureScope}`;
  const canonicalSignedInfo = `<SignedInfo xmlns="${XMLDSIG_NAMESPACE}"${scope}>${signedInfoContent}</SignedInfo>`;
  const signatureValue = sign('sha1', Buffer.from(canonicalSignedInfo, 'utf8'), certificate.privateKey).toString('base64');
  return (
    `<Signature xmlns="${XMLDSIG_NAMESPACE}">\n` +
    `<SignedInfo>${signedInfoContent}</SignedInfo>\n` +
    `<SignatureValue>${wrapBase64(signatureValue)}</SignatureValue>\n` +
    keyInfo(certificate) +
    '</Signature>'
  );
}

const keyInfos = new WeakMap<SigningCertificate, string>();

/** KeyInfo is the same for every signature of a certificate, so it is written once. */
function keyInfo(certificate: SigningCertificate): string {
  let written = keyInfos.get(certificate);
  if (written === undefined) {
    written =
      '<KeyInfo>\n' +
      `<KeyValue><RSAKeyValue><Modulus>${wrapBase64(certificate.modulusBase64)}</Modulus><Exponent>${certificate.exponentBase64}</Exponent></RSAKeyValue></KeyValue>\n` +
      `<X509Data><X509Certificate>${wrapBase64(certificate.certificateBase64)}</X509Certificate></X509Data>\n` +
      '</KeyInfo>\n';
    keyInfos.set(certificate, written);
  }
  return written;
}
