import { sign, type KeyObject } from 'node:crypto';
import { cafSignedData } from './caf-signed-data.ts';
import { TEST_AUTHORITY_IDK, type RsaKeyPair } from './create-test-certificates.ts';

/** What one test CAF authorises, and who signs it. */
export interface TestCafRequest {
  /** The company's RUT, normalised (`76192083-9`). */
  companyRut: string;
  /** The company's name; the CAF keeps its first 40 characters, as the SII's do. */
  companyName: string;
  /** The document type (TD). */
  type: number;
  from: number;
  to: number;
  /** The authorisation date (FA), YYYY-MM-DD. */
  authorisationDate: string;
  /** The CAF's own key pair (RSA-512 like the SII's); its private key signs the TEDs. */
  keys: RsaKeyPair;
  /** The test authority's private key, which signs DA into FRMA. */
  authorityKey: KeyObject;
}

/**
 * Writes a CAF in the SII's format, line for line as the SII delivers them (see
 * test/fixtures/sii/caf), and encodes it in ISO-8859-1. FRMA is SHA1withRSA by the test authority over
 * the `<DA>` element flattened by `cafSignedData`, the rule that verifies the SII's own CAFs. IDK is
 * TEST_AUTHORITY_IDK, never the SII's 100 or 300. The caller has checked that the name is ISO-8859-1.
 */
export function createTestCaf(request: TestCafRequest): Buffer {
  const publicJwk = request.keys.publicKey.export({ format: 'jwk' });
  if (publicJwk.n === undefined || publicJwk.e === undefined) throw new Error('A CAF key must be an RSA key.');
  const da = [
    '<DA>',
    `<RE>${request.companyRut}</RE>`,
    `<RS>${escapeText(Array.from(request.companyName).slice(0, 40).join(''))}</RS>`,
    `<TD>${request.type}</TD>`,
    `<RNG><D>${request.from}</D><H>${request.to}</H></RNG>`,
    `<FA>${request.authorisationDate}</FA>`,
    `<RSAPK><M>${base64OfBase64Url(publicJwk.n)}</M><E>${base64OfBase64Url(publicJwk.e)}</E></RSAPK>`,
    `<IDK>${TEST_AUTHORITY_IDK}</IDK>`,
    '</DA>',
  ].join('\n');
  const signature = sign('sha1', cafSignedData(da), request.authorityKey).toString('base64');
  const privatePem = request.keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const publicPem = request.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const xml = [
    '<?xml version="1.0"?>',
    '<AUTORIZACION>',
    '<CAF version="1.0">',
    da,
    `<FRMA algoritmo="SHA1withRSA">${signature}</FRMA>`,
    '</CAF>',
    `<RSASK>${privatePem}</RSASK>`,
    '',
    `<RSAPUBK>${publicPem}</RSAPUBK>`,
    '</AUTORIZACION>',
    '',
  ].join('\n');
  return Buffer.from(xml, 'latin1');
}

/**
 * Escapes text content the way canonical XML writes it (`&`, `<`, `>`), so the DA in the file is
 * already canonical and a verifier that canonicalises DA before flattening signs the same bytes.
 */
function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** JWK numbers are unpadded base64url big-endian without a leading zero byte; the CAF wants base64. */
function base64OfBase64Url(value: string): string {
  return Buffer.from(value, 'base64url').toString('base64');
}
