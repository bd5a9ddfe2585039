import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Checks a timbre read back from a barcode as the SII's reader would, written here from the manual
 * rather than with the project's verifier: FRMT is SHA1withRSA over DD, whitespace between elements
 * removed, in ISO-8859-1, with the CAF's public key.
 */
export function frmtVerifies(ted: Buffer, key: KeyObject): boolean {
  const text = ted.toString('latin1');
  const dd = /<DD>[\s\S]*<\/DD>/.exec(text)?.[0];
  const frmt = /<FRMT[^>]*>([^<]*)<\/FRMT>/.exec(text)?.[1];
  if (dd === undefined || frmt === undefined) return false;
  return verify('sha1', Buffer.from(dd.replace(/>\s+</g, '><'), 'latin1'), key, Buffer.from(frmt, 'base64'));
}

/** The CAF's public key as the TED carries it (DD/CAF/DA/RSAPK, modulus M and exponent E in base64). */
export function cafKeyInTed(ted: Buffer): KeyObject {
  const text = ted.toString('latin1');
  const modulus = /<RSAPK>\s*<M>([^<]+)<\/M>/.exec(text)?.[1];
  const exponent = /<E>([^<]+)<\/E>\s*<\/RSAPK>/.exec(text)?.[1];
  if (modulus === undefined || exponent === undefined) throw new Error('The TED carries no RSAPK.');
  const base64url = (value: string): string => Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('base64url');
  return createPublicKey({ key: { kty: 'RSA', n: base64url(modulus), e: base64url(exponent) }, format: 'jwk' });
}
