import { createPublicKey, X509Certificate } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { XmlElement } from 'libxml2-wasm';
import { childElement, childElements, textAt } from './parse-xml.ts';

/** The keys a `KeyInfo` offers, and whether they are the same key. */
export interface SignatureKeys {
  certificate?: X509Certificate;
  certificateKey?: KeyObject;
  keyValue?: KeyObject;
  /** True when both are present and hold the same modulus and exponent. */
  agree?: boolean;
  /** Problems reading KeyInfo, as sentences. */
  problems: string[];
}

/** Decodes base64 that may be wrapped over several lines. */
export function decodeBase64(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64');
}

/** Base64url of a big-endian unsigned integer without leading zero bytes, as JWK wants. */
function unsignedBase64Url(bytes: Buffer): string {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return bytes.subarray(start).toString('base64url');
}

/** Builds an RSA public key from a modulus and public exponent given in base64 (RSAKeyValue, CAF RSAPK). */
export function rsaPublicKey(modulusBase64: string, exponentBase64: string): KeyObject {
  const jwk: JsonWebKey = {
    kty: 'RSA',
    n: unsignedBase64Url(decodeBase64(modulusBase64)),
    e: unsignedBase64Url(decodeBase64(exponentBase64)),
  };
  return createPublicKey({ key: jwk, format: 'jwk' });
}

/** Whether two RSA public keys have the same modulus and exponent. */
export function sameRsaKey(first: KeyObject, second: KeyObject): boolean {
  const a = first.export({ format: 'jwk' });
  const b = second.export({ format: 'jwk' });
  return a.n === b.n && a.e === b.e;
}

/** A short description of a certificate's holder: its common name and, for Chilean certificates, the RUT. */
export function describeCertificate(certificate: X509Certificate): string {
  const fields = new Map(
    certificate.subject.split('\n').map((line) => {
      const index = line.indexOf('=');
      return [line.slice(0, index), line.slice(index + 1)] as const;
    }),
  );
  const name = fields.get('CN') ?? certificate.subject.replace(/\n/g, ', ');
  const serialNumber = fields.get('serialNumber');
  return serialNumber === undefined ? `"${name}"` : `"${name}" (serialNumber ${serialNumber})`;
}

/** Reads KeyInfo's X509Certificate (the first one, the signer's) and KeyValue/RSAKeyValue. */
export function readSignatureKeys(keyInfo: XmlElement | undefined): SignatureKeys {
  const keys: SignatureKeys = { problems: [] };
  if (keyInfo === undefined) {
    keys.problems.push('the Signature has no KeyInfo');
    return keys;
  }
  const certificateText = childElements(keyInfo, 'X509Data')
    .flatMap((data) => childElements(data, 'X509Certificate'))
    .map((element) => element.content)[0];
  if (certificateText !== undefined) {
    try {
      keys.certificate = new X509Certificate(decodeBase64(certificateText));
      keys.certificateKey = keys.certificate.publicKey;
    } catch (error) {
      keys.problems.push(`X509Certificate cannot be read (${(error as Error).message})`);
    }
  }
  const rsaKeyValue = childElement(childElement(keyInfo, 'KeyValue'), 'RSAKeyValue');
  if (rsaKeyValue !== undefined) {
    const modulus = textAt(rsaKeyValue, 'Modulus');
    const exponent = textAt(rsaKeyValue, 'Exponent');
    try {
      if (modulus === undefined || exponent === undefined) throw new Error('Modulus or Exponent is missing');
      keys.keyValue = rsaPublicKey(modulus, exponent);
    } catch (error) {
      keys.problems.push(`RSAKeyValue cannot be read (${(error as Error).message})`);
    }
  }
  if (keys.certificateKey !== undefined && keys.keyValue !== undefined) {
    keys.agree = keys.certificateKey.asymmetricKeyType === 'rsa' && sameRsaKey(keys.certificateKey, keys.keyValue);
  }
  if (keys.certificateKey === undefined && keys.keyValue === undefined && keys.problems.length === 0) {
    keys.problems.push('KeyInfo carries neither an X509Certificate nor an RSAKeyValue');
  }
  return keys;
}
