import { createHash, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { XmlC14NMode, XmlElement } from 'libxml2-wasm';
import type { XmlDocument, XmlNode, XmlOutputBufferHandler } from 'libxml2-wasm';
import { childElement, childElements } from './parse-xml.ts';
import { decodeBase64, describeCertificate, readSignatureKeys } from './signature-key.ts';
import type { SignatureKeys } from './signature-key.ts';
import type { Verdict } from './report.ts';

import { C14N_ALGORITHM, ENVELOPED_SIGNATURE_TRANSFORM, RSA_SHA1_ALGORITHM, SHA1_ALGORITHM, XMLDSIG_NAMESPACE } from '../xml-namespaces.ts';

/** The XMLDSig namespace. */
export { XMLDSIG_NAMESPACE } from '../xml-namespaces.ts';

interface Canonicalization {
  mode: (typeof XmlC14NMode)[keyof typeof XmlC14NMode];
  withComments: boolean;
  label: string;
}

const CANONICALIZATIONS: Record<string, Canonicalization> = {
  [C14N_ALGORITHM]: { mode: XmlC14NMode.XML_C14N_1_0, withComments: false, label: 'inclusive C14N' },
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': { mode: XmlC14NMode.XML_C14N_1_0, withComments: true, label: 'inclusive C14N with comments' },
  'http://www.w3.org/2006/12/xml-c14n11': { mode: XmlC14NMode.XML_C14N_1_1, withComments: false, label: 'C14N 1.1' },
  'http://www.w3.org/2006/12/xml-c14n11#WithComments': { mode: XmlC14NMode.XML_C14N_1_1, withComments: true, label: 'C14N 1.1 with comments' },
  'http://www.w3.org/2001/10/xml-exc-c14n#': { mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0, withComments: false, label: 'exclusive C14N' },
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': { mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0, withComments: true, label: 'exclusive C14N with comments' },
};
const DIGESTS: Record<string, { hash: string; label: string }> = {
  [SHA1_ALGORITHM]: { hash: 'sha1', label: 'SHA-1' },
  'http://www.w3.org/2001/04/xmlenc#sha256': { hash: 'sha256', label: 'SHA-256' },
  'http://www.w3.org/2001/04/xmlenc#sha512': { hash: 'sha512', label: 'SHA-512' },
};
const SIGNATURE_METHODS: Record<string, { hash: string; label: string }> = {
  [RSA_SHA1_ALGORITHM]: { hash: 'sha1', label: 'RSA-SHA1' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', label: 'RSA-SHA256' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', label: 'RSA-SHA512' },
};

/** The verdicts on one XMLDSig signature, each with a sentence saying what was checked and found. */
export interface SignatureVerification {
  /** The digests and the SignatureValue, checked with the key KeyInfo offers. */
  signature: Verdict;
  /** Whether the X509Certificate holds that key; absent when the Signature is too broken to tell. */
  certificate?: Verdict;
}

class ByteCollector implements XmlOutputBufferHandler {
  readonly chunks: Buffer[] = [];
  write(buffer: Uint8Array): number {
    this.chunks.push(Buffer.from(buffer));
    return buffer.byteLength;
  }
  close(): boolean {
    return true;
  }
}

/**
 * Canonical bytes of `target`'s subtree under `canonicalization`, in its document's namespace context.
 * The subtree is given as a node set: libxml2-wasm then tests visibility by pointer, which is several
 * times faster than its subtree helper's per-node callback.
 */
function canonicalBytes(target: XmlNode, canonicalization: Canonicalization, prefixes: string[]): Buffer {
  const collector = new ByteCollector();
  target.doc.canonicalize(collector, {
    mode: canonicalization.mode,
    withComments: canonicalization.withComments,
    nodeSet: new Set([target]),
    ...(canonicalization.mode === XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 ? { inclusiveNamespacePrefixes: prefixes } : {}),
  });
  return Buffer.concat(collector.chunks);
}

function algorithmOf(element: XmlElement | undefined): string {
  return element?.attr('Algorithm')?.value ?? '';
}

/** The PrefixList of an exclusive C14N `InclusiveNamespaces` child, if any. */
function inclusivePrefixes(element: XmlElement | undefined): string[] {
  const list = childElement(element, 'InclusiveNamespaces')?.attr('PrefixList')?.value ?? '';
  return list.split(/\s+/).filter((prefix) => prefix !== '').map((prefix) => (prefix === '#default' ? '' : prefix));
}

function isAncestorOrSelf(ancestor: XmlElement, node: XmlElement): boolean {
  for (let current: XmlElement | null = node; current !== null; current = current.parent) {
    if (current.isSameNode(ancestor)) return true;
  }
  return false;
}

/** The element whose ID (or Id, id) attribute is `id`; an error when none or several have it. */
function elementById(document: XmlDocument, id: string): XmlElement | string {
  const literal = id.includes("'") ? `"${id}"` : `'${id}'`;
  const found = document.find(`//*[@ID=${literal} or @Id=${literal} or @id=${literal}]`);
  if (found.length !== 1 || !(found[0] instanceof XmlElement)) {
    return found.length === 0 ? `no element has ID "${id}"` : `${found.length} elements have ID "${id}", so the reference is ambiguous`;
  }
  return found[0];
}

/** Checks one Reference: what it points at, its transforms and its digest. Returns a problem or a description. */
function checkReference(
  document: XmlDocument,
  reference: XmlElement,
  signature: XmlElement,
  expected: { element: XmlElement; label: string },
): { problem?: string; description: string } {
  const uri = reference.attr('URI')?.value ?? '';
  if (!/^#[^\s#()]+$/.test(uri)) {
    return { problem: `Reference URI "${uri}" is not a "#ID" reference to the ${expected.label}`, description: '' };
  }
  const target = elementById(document, uri.slice(1));
  if (typeof target === 'string') return { problem: `Reference URI "${uri}": ${target}`, description: '' };
  if (!target.isSameNode(expected.element)) {
    return { problem: `Reference URI "${uri}" points at <${target.name}>, not at the ${expected.label}`, description: '' };
  }
  let canonicalization = CANONICALIZATIONS[C14N_ALGORITHM]!;
  let prefixes: string[] = [];
  for (const transform of childElements(childElement(reference, 'Transforms') ?? reference, 'Transform')) {
    const algorithm = algorithmOf(transform);
    if (CANONICALIZATIONS[algorithm] !== undefined) {
      canonicalization = CANONICALIZATIONS[algorithm];
      prefixes = inclusivePrefixes(transform);
    } else if (algorithm !== ENVELOPED_SIGNATURE_TRANSFORM) {
      return { problem: `Reference "${uri}" lists Transform "${algorithm}", which this verifier does not support`, description: '' };
    }
  }
  const digestMethod = algorithmOf(childElement(reference, 'DigestMethod'));
  const digest = DIGESTS[digestMethod];
  if (digest === undefined) {
    return { problem: `Reference "${uri}" uses DigestMethod "${digestMethod}", which this verifier does not support`, description: '' };
  }
  if (isAncestorOrSelf(target, signature)) {
    // The SII places the Signature beside what it signs; the enveloped-signature transform is then a no-op.
    return { problem: `the Signature lies inside the <${target.name}> it covers, where the SII's profile never places it`, description: '' };
  }
  const canonical = canonicalBytes(target, canonicalization, prefixes);
  const computed = createHash(digest.hash).update(canonical).digest('base64');
  const declared = (childElement(reference, 'DigestValue')?.content ?? '').replace(/\s+/g, '');
  const what = `the ${digest.label} digest of the ${canonicalization.label} ${expected.label} (${uri})`;
  if (computed !== declared) {
    return { problem: `${what} is ${computed} but DigestValue says ${declared || '(empty)'}: the ${expected.label} changed after signing`, description: '' };
  }
  return { description: `${what} matches DigestValue` };
}

/** Verifies `signatureValue` over `data` with `key`, treating a malformed key or value as a failure. */
function rsaVerifies(hash: string, data: Buffer, key: KeyObject | undefined, signatureValue: Buffer): boolean {
  if (key === undefined) return false;
  try {
    return verify(hash, data, key, signatureValue);
  } catch {
    return false;
  }
}

/** Whether the X509Certificate holds the key that signed, so that it names the signer. */
function certificateVerdict(keys: SignatureKeys, byCertificate: boolean, byKeyValue: boolean): Verdict {
  const problems = keys.problems.length > 0 ? ` (${keys.problems.join('; ')})` : '';
  if (keys.certificate === undefined) {
    return { ok: false, detail: `KeyInfo carries no readable X509Certificate${problems}, so nothing names the signer.` };
  }
  const holder = `the X509Certificate of ${describeCertificate(keys.certificate)}`;
  if (keys.keyValue === undefined) {
    return { ok: true, detail: `KeyInfo carries no RSAKeyValue${problems}; the key checked is that of ${holder}.` };
  }
  if (keys.agree === true) {
    return { ok: true, detail: `${capitalize(holder)} holds the same RSA key as the RSAKeyValue, so it names the signer.` };
  }
  const outcome = (verified: boolean): string => (verified ? 'verifies' : 'does not verify');
  return {
    ok: false,
    detail:
      `${capitalize(holder)} holds a different key from the RSAKeyValue: the SignatureValue ${outcome(byKeyValue)} with the RSAKeyValue key ` +
      `and ${outcome(byCertificate)} with the certificate's, so the certificate does not identify whoever signed.`,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Verifies an XMLDSig signature that must cover `expected.element` (SetDTE, Documento…): every
 * Reference's digest over its canonical form, then SignatureValue over the canonical SignedInfo with
 * the key KeyInfo offers (RSAKeyValue when present, as xmlsec1 does, else the X509Certificate's). Says
 * separately whether the X509Certificate holds that key. The enveloped-signature transform is
 * accepted where listed; since the Signature must lie outside the element it covers, it changes nothing.
 */
export function verifyXmlSignature(
  document: XmlDocument,
  signature: XmlElement,
  expected: { element: XmlElement; label: string },
): SignatureVerification {
  const fail = (detail: string): SignatureVerification => ({ signature: { ok: false, detail: `${capitalize(detail)}.` } });
  const signedInfo = childElement(signature, 'SignedInfo');
  if (signedInfo === undefined) return fail('The Signature has no SignedInfo');
  const canonicalizationMethod = childElement(signedInfo, 'CanonicalizationMethod');
  const canonicalization = CANONICALIZATIONS[algorithmOf(canonicalizationMethod)];
  if (canonicalization === undefined) {
    return fail(`SignedInfo uses CanonicalizationMethod "${algorithmOf(canonicalizationMethod)}", which this verifier does not support`);
  }
  const signatureMethod = SIGNATURE_METHODS[algorithmOf(childElement(signedInfo, 'SignatureMethod'))];
  if (signatureMethod === undefined) {
    return fail(`SignedInfo uses SignatureMethod "${algorithmOf(childElement(signedInfo, 'SignatureMethod'))}", which this verifier does not support (RSA-SHA1, RSA-SHA256, RSA-SHA512)`);
  }
  const signedInfoBytes = canonicalBytes(signedInfo, canonicalization, inclusivePrefixes(canonicalizationMethod));
  const signatureValue = decodeBase64(childElement(signature, 'SignatureValue')?.content ?? '');
  const keys = readSignatureKeys(childElement(signature, 'KeyInfo'));
  const byKeyValue = rsaVerifies(signatureMethod.hash, signedInfoBytes, keys.keyValue, signatureValue);
  const byCertificate = rsaVerifies(signatureMethod.hash, signedInfoBytes, keys.certificateKey, signatureValue);
  const certificate = certificateVerdict(keys, byCertificate, byKeyValue);
  const references = childElements(signedInfo, 'Reference');
  if (references.length === 0) return { ...fail('SignedInfo has no Reference'), certificate };
  const descriptions: string[] = [];
  for (const reference of references) {
    const outcome = checkReference(document, reference, signature, expected);
    if (outcome.problem !== undefined) return { ...fail(outcome.problem), certificate };
    descriptions.push(outcome.description);
  }
  const summary = `${capitalize(descriptions.join('; '))}; the ${signatureMethod.label} SignatureValue over the ${canonicalization.label} SignedInfo`;
  if (keys.keyValue === undefined && keys.certificateKey === undefined) {
    return { ...fail(`${summary} cannot be checked: ${keys.problems.join('; ')}`), certificate };
  }
  const [verified, keyName] =
    keys.keyValue !== undefined
      ? [byKeyValue, 'the RSAKeyValue key']
      : [byCertificate, `the key of the X509Certificate (KeyInfo has no RSAKeyValue)`];
  if (!verified) {
    return { ...fail(`${summary} does not verify with ${keyName}: SignedInfo or SignatureValue changed, or the key is not the signer's`), certificate };
  }
  return { signature: { ok: true, detail: `${summary} verifies with ${keyName}.` }, certificate };
}

/** The Signature element that is a child of `parent` in the XMLDSig namespace, if any. */
export function signatureChild(parent: XmlElement): XmlElement | undefined {
  return childElements(parent, 'Signature').find((element) => element.namespaceUri === XMLDSIG_NAMESPACE);
}
