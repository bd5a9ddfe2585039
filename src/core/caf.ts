import { createPrivateKey, createPublicKey, verify, type KeyObject, type X509Certificate } from 'node:crypto';
import type { XmlDocument } from 'libxml2-wasm';
import { DteError } from './errors.ts';
import { compactXml, decodeXml, parseUntrustedXml } from './xml-reader.ts';

/**
 * A Código de Autorización de Folios: the SII's authorisation to issue folios D..H of one document
 * type, with the RSA key that signs each document's TED.
 */
export interface Caf {
  /** RUT of the company the folios were authorised for. */
  RE: string;
  RS: string;
  TD: number;
  /** First and last authorised folio. */
  D: number;
  H: number;
  /** Authorisation date, YYYY-MM-DD. */
  FA: string;
  /** Which SII key signed the CAF (100 certificación, 300 producción). */
  IDK: number;
  /** The `<CAF>` element, canonical and without whitespace between elements: TED's DD embeds it. */
  cafElement: string;
  /** The `<DA>` element as the SII signed it: whitespace between elements removed, ISO-8859-1. */
  signedData: Buffer;
  /** FRMA, the SII's SHA1withRSA signature over DA. */
  signature: Buffer;
  publicKey: KeyObject;
  /**
   * RSASK; absent when the file carries none or an unreadable one (CAFs shared for reference often
   * have it redacted). Issuing needs it; verifying does not.
   */
  privateKey: KeyObject | undefined;
}

/** Reads a CAF file as the SII delivers it (ISO-8859-1). Malformed content is a CAF_INVALID error. */
export function parseCaf(bytes: Uint8Array): Caf {
  const text = decodeXml(bytes);
  let document: XmlDocument;
  try {
    document = parseUntrustedXml(text, 'The CAF');
  } catch (error) {
    throw new DteError('CAF_INVALID', error instanceof Error ? error.message : String(error));
  }
  try {
    return readCaf(document);
  } finally {
    document.dispose();
  }
}

function readCaf(document: XmlDocument): Caf {
  const field = (path: string): string => {
    const value = document.get(`/AUTORIZACION/CAF/DA/${path}`)?.content.trim();
    if (value === undefined || value === '') {
      throw new DteError('CAF_INVALID', `The CAF has no ${path} in AUTORIZACION/CAF/DA.`);
    }
    return value;
  };
  const cafNode = document.get('/AUTORIZACION/CAF');
  const daNode = document.get('/AUTORIZACION/CAF/DA');
  const frma = document.get('/AUTORIZACION/CAF/FRMA')?.content.replace(/\s/g, '');
  if (!cafNode || !daNode || !frma) {
    throw new DteError('CAF_INVALID', 'The file is not a CAF: it needs AUTORIZACION/CAF with DA and FRMA.');
  }
  const numeric = (path: string): number => {
    const value = field(path);
    if (!/^\d{1,18}$/.test(value)) throw new DteError('CAF_INVALID', `The CAF's ${path} is not a number: "${value}".`);
    return Number(value);
  };
  const publicKey = rsaPublicKey(field('RSAPK/M'), field('RSAPK/E'));
  const privatePem = document.get('/AUTORIZACION/RSASK')?.content.trim();
  const privateKey = privatePem ? rsaPrivateKey(privatePem) : undefined;
  if (privateKey && !sameKey(privateKey, publicKey)) {
    throw new DteError('CAF_INVALID', 'The CAF private key (RSASK) does not match its public key (RSAPK).');
  }
  const D = numeric('RNG/D');
  const H = numeric('RNG/H');
  if (D < 1 || H < D) throw new DteError('CAF_INVALID', `The CAF's folio range ${D}..${H} is empty.`);
  const FA = field('FA');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(FA)) throw new DteError('CAF_INVALID', `The CAF's FA is not a date: "${FA}".`);
  return {
    RE: field('RE').toUpperCase(),
    RS: field('RS'),
    TD: numeric('TD'),
    D,
    H,
    FA,
    IDK: numeric('IDK'),
    cafElement: compactXml(cafNode.canonicalizeToString()),
    signedData: Buffer.from(compactXml(daNode.canonicalizeToString()), 'latin1'),
    signature: Buffer.from(frma, 'base64'),
    publicKey,
    privateKey,
  };
}

/**
 * Which of the trusted SII certificates signed the CAF, or undefined when none did. Only a CAF signed
 * by the SII (or, locally, by a configured test authority) may be used.
 */
export function findCafSigner(caf: Caf, trusted: ReadonlyArray<X509Certificate>): X509Certificate | undefined {
  return trusted.find((certificate) => verify('sha1', caf.signedData, certificate.publicKey, caf.signature));
}

function rsaPublicKey(modulus: string, exponent: string): KeyObject {
  try {
    const n = Buffer.from(modulus.replace(/\s/g, ''), 'base64').toString('base64url');
    const e = Buffer.from(exponent.replace(/\s/g, ''), 'base64').toString('base64url');
    return createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' });
  } catch {
    throw new DteError('CAF_INVALID', 'The CAF public key (RSAPK M/E) is not a valid RSA key.');
  }
}

function rsaPrivateKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

function sameKey(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const derived = createPublicKey(privateKey).export({ format: 'jwk' });
  const given = publicKey.export({ format: 'jwk' });
  return derived.n === given.n && derived.e === given.e;
}
