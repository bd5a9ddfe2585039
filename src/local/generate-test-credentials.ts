import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { ISSUED_TYPES } from '../core/document-kinds/index.ts';
import { validationError } from '../core/errors.ts';
import { failure, success, type Problem, type Result } from '../core/result.ts';
import { inspectRut } from '../core/rut.ts';
import { siiDate } from '../core/sii-time.ts';
import { createTestCaf } from './create-test-caf.ts';
import {
  createCompanyCertificate,
  createTestAuthority,
  packPkcs12,
  TEST_AUTHORITY_IDK,
  type RsaKeyPair,
} from './create-test-certificates.ts';

/**
 * Test credentials for local use and tests only: a test authority standing in for the SII, a company
 * signing certificate in PKCS#12, and one CAF per document type signed by that authority. A newcomer
 * has no SII certificate and no real CAF; with these the issuer and the local SII (sii-sim) work end to
 * end. Nothing here is valid at the SII, and every name says so.
 */

/** The document types a test CAF can be made for: the kinds this service issues. */
export const TEST_DOCUMENT_TYPES: readonly number[] = ISSUED_TYPES;

/** The company name used when none is given. */
export const DEFAULT_TEST_COMPANY_NAME = 'EMPRESA DE PRUEBA - SOLO USO LOCAL';

/** The highest folio the schema allows (FolioType: ten digits). */
const MAX_FOLIO = 9_999_999_999;

/** What to generate. */
export interface TestCredentialsRequest {
  /** The company's RUT (CAF RE); checked with its modulo-11 digit. */
  companyRut: string;
  /** The signer's RUT, written in the certificate's subject serialNumber; defaults to companyRut. */
  signerRut?: string;
  /** The company's name (CAF RS, first 40 characters); ISO-8859-1 only. */
  companyName?: string;
  /** The document types to make CAFs for, among TEST_DOCUMENT_TYPES. */
  types: readonly number[];
  /** The folio range of every CAF, 1 ≤ from ≤ to. */
  from: number;
  to: number;
  /** The moment of generation: certificates start from it and CAF FA is its date in Chile. */
  now: Date;
}

/** The request after checking: RUTs normalised, defaults filled in. */
export interface CheckedTestCredentialsRequest {
  companyRut: string;
  signerRut: string;
  companyName: string;
  types: number[];
  from: number;
  to: number;
  now: Date;
}

/** One generated CAF, ISO-8859-1 bytes as the SII delivers them. */
export interface TestCaf {
  type: number;
  from: number;
  to: number;
  xml: Buffer;
}

/** Everything generateTestCredentials makes. */
export interface TestCredentials {
  companyRut: string;
  signerRut: string;
  companyName: string;
  authority: {
    /** The authority's certificate, to trust locally instead of the SII's 100.cer and 300.cer. */
    certificatePem: string;
    /** Its private key (PKCS#8 PEM): whoever holds it can sign more test CAFs. */
    privateKeyPem: string;
    /** The IDK its CAFs carry. */
    idk: number;
  };
  company: {
    /** PKCS#12 (DER) holding the signing key, its certificate and the authority's certificate. */
    p12: Buffer;
    /** The generated password of the PKCS#12. */
    password: string;
    certificatePem: string;
  };
  cafs: TestCaf[];
}

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * Checks a request and lists every problem with a JSON pointer to the field (`/companyRut`,
 * `/types/1`, `/from`), so a caller can report them all at once.
 */
export function checkTestCredentialsRequest(request: TestCredentialsRequest): Result<CheckedTestCredentialsRequest> {
  const problems: Problem[] = [];
  const rut = (pointer: string, text: string): string => {
    const inspection = inspectRut(text.trim());
    if (inspection.kind === 'valid') return inspection.rut.canonical;
    problems.push({
      pointer,
      message: inspection.kind === 'wrong-check-digit'
        ? `RUT ${inspection.body}-${inspection.given} has a wrong check digit: ${inspection.body}-${inspection.expected} would be valid.`
        : `"${text}" is not a RUT: write it as digits, a hyphen and the check digit, e.g. 76192083-9.`,
    });
    return text;
  };
  const companyRut = rut('/companyRut', request.companyRut);
  const signerRut = request.signerRut === undefined ? companyRut : rut('/signerRut', request.signerRut);
  const companyName = (request.companyName ?? DEFAULT_TEST_COMPANY_NAME).trim();
  if (companyName === '' || companyName.length > 100) {
    problems.push({ pointer: '/companyName', message: 'The company name must have 1 to 100 characters.' });
  } else if (!/^[\x20-\x7E\xA0-\xFF]+$/.test(companyName)) {
    problems.push({ pointer: '/companyName', message: 'The company name must be ISO-8859-1 text without control characters.' });
  }
  problems.push(...checkTypes(request.types));
  problems.push(...checkRange(request.from, request.to));
  if (Number.isNaN(request.now.getTime())) problems.push({ pointer: '/now', message: 'The generation time is not a valid date.' });
  if (problems.length > 0) return failure(problems);
  return success({ companyRut, signerRut, companyName, types: [...request.types], from: request.from, to: request.to, now: request.now });
}

function checkTypes(types: readonly number[]): Problem[] {
  if (types.length === 0) {
    return [{ pointer: '/types', message: `Give at least one document type among ${TEST_DOCUMENT_TYPES.join(', ')}.` }];
  }
  return types.flatMap((type, index): Problem[] => {
    const pointer = `/types/${index}`;
    if (!TEST_DOCUMENT_TYPES.includes(type)) {
      return [{ pointer, message: `${type} is not a supported document type: use ${TEST_DOCUMENT_TYPES.join(', ')}.` }];
    }
    if (types.indexOf(type) !== index) return [{ pointer, message: `Document type ${type} is listed twice.` }];
    return [];
  });
}

function checkRange(from: number, to: number): Problem[] {
  const problems: Problem[] = [];
  const folio = (pointer: string, value: number): boolean => {
    if (Number.isInteger(value) && value >= 1 && value <= MAX_FOLIO) return true;
    problems.push({ pointer, message: `${value} is not a folio: use a whole number from 1 to ${MAX_FOLIO}.` });
    return false;
  };
  const fromIsFolio = folio('/from', from);
  const toIsFolio = folio('/to', to);
  if (fromIsFolio && toIsFolio && from > to) {
    problems.push({ pointer: '/to', message: `The range ends (${to}) before it starts (${from}): "to" must be at least "from".` });
  }
  return problems;
}

/**
 * Generates test credentials: RSA-2048 keys for the authority and the signer, a fresh RSA-512 key per
 * CAF as the SII's CAFs have (all made in parallel by node:crypto), the certificates, the PKCS#12 with a random password, and
 * the CAFs dated by `now` (its calendar date in Chile, the SII's time zone). An invalid request throws a
 * VALIDATION_FAILED DteError listing every problem.
 */
export async function generateTestCredentials(request: TestCredentialsRequest): Promise<TestCredentials> {
  const checked = checkTestCredentialsRequest(request);
  if (!checked.ok) throw validationError(checked.problems, 'The test credentials request has problems.');
  const { companyRut, signerRut, companyName, types, from, to, now } = checked.value;
  const [authorityKeys, companyKeys, ...cafKeys] = await Promise.all([
    rsaKeyPair(2048),
    rsaKeyPair(2048),
    // The SII's CAFs carry RSA-512 keys (the samples' RSAPK/M): a TED of a test CAF is then as long as a
    // real one, and its timbre fits ISO 15438's 928 codewords at error-correction level 5.
    ...types.map(() => rsaKeyPair(512)),
  ]);
  if (authorityKeys === undefined || companyKeys === undefined) throw new Error('Key generation returned no keys.');
  const authority = createTestAuthority(authorityKeys, now);
  const certificate = createCompanyCertificate({ keys: companyKeys, authority, signerRut, companyName, now });
  const password = randomBytes(18).toString('base64url');
  const p12 = packPkcs12({
    privateKey: companyKeys.privateKey,
    chain: [certificate, authority.certificate],
    password,
    friendlyName: `TEST CERTIFICATE ${signerRut} - LOCAL USE ONLY`,
  });
  const authorisationDate = dateInChile(now);
  const cafs = types.map((type, index): TestCaf => {
    const keys = cafKeys[index];
    if (keys === undefined) throw new Error(`No key was generated for the CAF of type ${type}.`);
    const xml = createTestCaf({ companyRut, companyName, type, from, to, authorisationDate, keys, authorityKey: authority.privateKey });
    return { type, from, to, xml };
  });
  return {
    companyRut,
    signerRut,
    companyName,
    authority: {
      certificatePem: authority.certificatePem,
      privateKeyPem: authority.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      idk: TEST_AUTHORITY_IDK,
    },
    company: { p12, password, certificatePem: forge.pki.certificateToPem(certificate) },
    cafs,
  };
}

async function rsaKeyPair(modulusLength: number): Promise<RsaKeyPair> {
  return generateRsaKeyPair('rsa', { modulusLength, publicExponent: 65537 });
}

/** The calendar date of a moment in Chile (America/Santiago), YYYY-MM-DD. */
export function dateInChile(moment: Date): string {
  return siiDate(moment);
}
