import { createHash, verify, type X509Certificate } from 'node:crypto';
import { XmlC14NMode, type XmlDocument, type XmlElement } from 'libxml2-wasm';
import { childElement, childElements, parseUntrustedXml, textAt } from '../core/verify/parse-xml.ts';
import { decodeBase64, readSignatureKeys } from '../core/verify/signature-key.ts';
import { signatureChild } from '../core/verify/xml-signature.ts';

/**
 * Verifies the signed seed that GetTokenFromSeed receives (authentication manual, chapter 8 and
 * figure 1.4): `<getToken><item><Semilla>…</Semilla></item>` and an XMLDSig Signature over the whole
 * document (Reference URI "" with the enveloped-signature transform), whose KeyInfo carries the
 * signer's X509Certificate. The verifier in src/core/verify handles `#ID` references only, so the
 * whole-document reference is checked here, with libxml2's canonicalisation.
 */

/** A verified seed, or the manual's ESTADO for why it is not one. */
export type SignedSeed =
  | { ok: true; seed: string; certificate: X509Certificate }
  | { ok: false; estado: string; detail: string };

const CANONICALIZATIONS: Record<string, { mode: (typeof XmlC14NMode)[keyof typeof XmlC14NMode]; withComments: boolean }> = {
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315': { mode: XmlC14NMode.XML_C14N_1_0, withComments: false },
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': { mode: XmlC14NMode.XML_C14N_1_0, withComments: true },
  'http://www.w3.org/2001/10/xml-exc-c14n#': { mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0, withComments: false },
};
const HASHES: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
};
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

function algorithm(element: XmlElement | undefined): string {
  return element?.attr('Algorithm')?.value ?? '';
}

function failure(estado: string, detail: string): SignedSeed {
  return { ok: false, estado, detail };
}

/** Checks the reference over the whole document and the SignatureValue; returns a problem or undefined. */
function signatureProblem(document: XmlDocument, signature: XmlElement, certificate: X509Certificate, keyValue: ReturnType<typeof readSignatureKeys>['keyValue']): string | undefined {
  const signedInfo = childElement(signature, 'SignedInfo');
  const canonicalization = CANONICALIZATIONS[algorithm(childElement(signedInfo, 'CanonicalizationMethod'))];
  const signatureHash = HASHES[algorithm(childElement(signedInfo, 'SignatureMethod'))];
  const references = signedInfo === undefined ? [] : childElements(signedInfo, 'Reference');
  const reference = references[0];
  if (signedInfo === undefined || canonicalization === undefined || signatureHash === undefined) return 'SignedInfo, its CanonicalizationMethod or its SignatureMethod is missing or unsupported';
  if (references.length !== 1 || reference === undefined || (reference.attr('URI')?.value ?? '') !== '') return 'SignedInfo must hold one Reference with URI ""';
  const transforms = childElements(childElement(reference, 'Transforms') ?? reference, 'Transform').map(algorithm);
  if (!transforms.includes(ENVELOPED)) return 'the Reference lacks the enveloped-signature transform';
  const digestHash = HASHES[algorithm(childElement(reference, 'DigestMethod'))];
  if (digestHash === undefined) return 'the DigestMethod is not supported';
  const signedInfoBytes = Buffer.from(signedInfo.canonicalizeToString(canonicalization), 'utf8');
  const signatureValue = decodeBase64(textAt(signature, 'SignatureValue') ?? '');
  const key = keyValue ?? certificate.publicKey;
  let verified = false;
  try {
    verified = verify(signatureHash, signedInfoBytes, key, signatureValue);
  } catch {
    verified = false;
  }
  if (!verified) return 'the SignatureValue does not verify with the signer\'s key';
  const declared = (textAt(reference, 'DigestValue') ?? '').replace(/\s+/g, '');
  const transform = CANONICALIZATIONS[transforms.find((uri) => uri !== ENVELOPED) ?? ''] ?? CANONICALIZATIONS['http://www.w3.org/TR/2001/REC-xml-c14n-20010315']!;
  signature.remove();
  const digest = createHash(digestHash).update(document.canonicalizeToString(transform), 'utf8').digest('base64');
  return digest === declared ? undefined : `the document's digest is ${digest} but DigestValue says ${declared || '(empty)'}: the seed document changed after signing`;
}

/** A seed's problem (unknown, timed out, used), as an ESTADO and a GLOSA. */
export type SeedProblem = { estado: string; detail: string } | undefined;

/**
 * Reads and verifies a signed seed, answering the manual's ESTADO codes for every failure. The checks
 * follow the manual's order (chapter 2: the XML's format, the seed's validity, the certificate, the
 * signature); `checkSeed` judges the seed once it has been read.
 */
export function verifySignedSeed(pszXml: string, checkSeed: (seed: string) => SeedProblem): SignedSeed {
  if (pszXml.trim() === '') return failure('01', 'pszXml is empty.');
  const parsed = parseUntrustedXml(Buffer.from(pszXml.replace(/^\s*<\?xml[^>]*\?>/, ''), 'utf8'));
  if (!parsed.ok) return failure('02', `The signed seed is not well-formed XML: ${parsed.errors[0]?.message ?? 'unknown error'}`);
  const document = parsed.document;
  try {
    const root = document.root;
    const seed = textAt(childElement(root, 'item'), 'Semilla') ?? textAt(root, 'Semilla');
    if (seed === undefined || seed === '') return failure('06', 'The document has no item/Semilla.');
    const signature = signatureChild(root);
    if (signature === undefined) return failure('04', 'The document has no XMLDSig Signature inside getToken.');
    const seedProblem = checkSeed(seed);
    if (seedProblem !== undefined) return failure(seedProblem.estado, seedProblem.detail);
    const keys = readSignatureKeys(childElement(signature, 'KeyInfo'));
    if (keys.certificate === undefined) return failure('11', `KeyInfo carries no readable X509Certificate${keys.problems.length > 0 ? ` (${keys.problems.join('; ')})` : ''}.`);
    if (keys.keyValue !== undefined && keys.agree !== true) return failure('21', 'The RSAKeyValue is not the key of the X509Certificate.');
    const problem = signatureProblem(document, signature, keys.certificate, keys.keyValue);
    if (problem !== undefined) return failure('05', `The signature is invalid: ${problem}.`);
    return { ok: true, seed, certificate: keys.certificate };
  } finally {
    document.dispose();
  }
}
