import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cafSignedData } from '../../src/local/caf-signed-data.ts';
import {
  checkTestCredentialsRequest,
  dateInChile,
  generateTestCredentials,
  type TestCredentials,
} from '../../src/local/generate-test-credentials.ts';
import { DteError } from '../../src/core/errors.ts';

const REAL_CAF = readFileSync(new URL('../fixtures/sii/caf/FoliosSII7623529133120254111137.xml', import.meta.url));
const SII_100 = new X509Certificate(readFileSync(new URL('../../resources/sii-certs/100.cer', import.meta.url)));
const SII_300 = new X509Certificate(readFileSync(new URL('../../resources/sii-certs/300.cer', import.meta.url)));
// 23:30 on the 14th in Chile (UTC-3 in January), already the 15th in UTC.
const NOW = new Date('2026-01-15T02:30:00Z');
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERTIFICATE_BAG = '1.2.840.113549.1.12.10.1.3';

let credentials: TestCredentials;
let directory: string;

beforeAll(async () => {
  credentials = await generateTestCredentials({
    companyRut: '76.192.083-9',
    signerRut: '17605402-6',
    companyName: 'DISEÑO & CÍA <LTDA> DE PRUEBAS PARA UN NOMBRE LARGO',
    types: [33, 34, 52, 56, 61],
    from: 1,
    to: 1000,
    now: NOW,
  });
  directory = mkdtempSync(join(tmpdir(), 'dte-credentials-'));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function cafText(type: number): string {
  const caf = credentials.cafs.find((candidate) => candidate.type === type);
  if (!caf) throw new Error(`No CAF of type ${type}.`);
  return caf.xml.toString('latin1');
}

function element(xml: string, name: string): string {
  const value = new RegExp(`<${name}[^>]*>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  if (value === undefined) throw new Error(`No <${name}> element.`);
  return value;
}

describe('the company PKCS#12', () => {
  it('opens with openssl 3 without -legacy and carries the signer RUT in the subject serialNumber', () => {
    const p12 = join(directory, 'company.p12');
    writeFileSync(p12, credentials.company.p12);
    const output = openssl('pkcs12', '-in', p12, '-passin', `pass:${credentials.company.password}`, '-nokeys', '-clcerts');
    const pem = output.slice(output.indexOf('-----BEGIN CERTIFICATE-----'));
    const subject = openssl('x509', '-noout', '-subject', '-nameopt', 'multiline', '-in', writeTemporary('company.pem', pem));
    expect(subject).toMatch(/serialNumber\s+= 17605402-6/);
    expect(subject).toMatch(/commonName\s+= TEST SIGNER 17605402-6 - NOT VALID AT THE SII/);
  });

  it('opens with node-forge, and its key matches its certificate', () => {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(credentials.company.p12.toString('binary')));
    const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, credentials.company.password);
    const keyBags = p12.getBags({ bagType: SHROUDED_KEY_BAG })[SHROUDED_KEY_BAG] ?? [];
    const certificates = (p12.getBags({ bagType: CERTIFICATE_BAG })[CERTIFICATE_BAG] ?? []).map((bag) => bag.cert);
    const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey;
    const own = certificates.find((certificate) => (certificate?.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
    expect(own?.subject.getField({ type: '2.5.4.5' })?.value).toBe('17605402-6');
    expect(certificates).toHaveLength(2);
  });

  it('refuses a wrong password', () => {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(credentials.company.p12.toString('binary')));
    expect(() => forge.pkcs12.pkcs12FromAsn1(asn1, false, 'wrong password')).toThrow();
  });

  it('holds a certificate issued by the test authority, which says it is not the SII', () => {
    const authority = new X509Certificate(credentials.authority.certificatePem);
    const company = new X509Certificate(credentials.company.certificatePem);
    expect(company.checkIssued(authority)).toBe(true);
    expect(company.verify(authority.publicKey)).toBe(true);
    expect(authority.verify(authority.publicKey)).toBe(true);
    expect(authority.subject).toContain('CN=TEST SII AUTHORITY - NOT THE SII');
    expect(authority.serialNumber).toBe('03E7');
    expect(authority.ca).toBe(true);
    expect(new Date(company.validFrom).getTime()).toBeLessThan(NOW.getTime());
  });
});

describe('the CAFs', () => {
  it('have the layout of the SII CAF, line for line', () => {
    const shape = (xml: string): string => xml.replace(/>([^<]*\S[^<]*)</g, '>…<');
    for (const type of [33, 34, 52, 56, 61]) expect(shape(cafText(type))).toBe(shape(REAL_CAF.toString('latin1')));
  });

  it('carry the request in DA, RS cut to 40 characters, escaped and in ISO-8859-1', () => {
    const xml = cafText(61);
    expect(element(xml, 'RE')).toBe('76192083-9');
    expect(element(xml, 'RS')).toBe('DISEÑO &amp; CÍA &lt;LTDA&gt; DE PRUEBAS PARA UN N');
    expect(element(xml, 'TD')).toBe('61');
    expect(element(xml, 'RNG')).toBe('<D>1</D><H>1000</H>');
    expect(element(xml, 'FA')).toBe('2026-01-14');
    expect(element(xml, 'IDK')).toBe('999');
    expect(credentials.cafs.find((caf) => caf.type === 61)?.xml.includes(Buffer.from('DISEÑO', 'latin1'))).toBe(true);
  });

  it('are signed by the test authority over the flattened DA, and not by the SII', () => {
    const authority = new X509Certificate(credentials.authority.certificatePem);
    for (const caf of credentials.cafs) {
      const xml = caf.xml.toString('latin1');
      const signature = Buffer.from(element(xml, 'FRMA'), 'base64');
      expect(verify('sha1', cafSignedData(xml), authority.publicKey, signature)).toBe(true);
      expect(verify('sha1', cafSignedData(xml), SII_100.publicKey, signature)).toBe(false);
    }
  });

  it('verify with openssl on the whitespace-stripped DA', () => {
    const xml = cafText(33);
    const data = writeTemporary('da.bin', cafSignedData(xml));
    expect(readFileSync(data, 'latin1')).toMatch(/^<DA><RE>76192083-9<\/RE><RS>.*<\/IDK><\/DA>$/);
    const signature = writeTemporary('frma.bin', Buffer.from(element(xml, 'FRMA'), 'base64'));
    const certificate = writeTemporary('authority.pem', credentials.authority.certificatePem);
    const publicKey = writeTemporary('authority.pub', openssl('x509', '-pubkey', '-noout', '-in', certificate));
    expect(openssl('dgst', '-sha1', '-verify', publicKey, '-signature', signature, data)).toContain('Verified OK');
  });

  it('hold a private key (RSASK) that matches RSAPK M and E, each CAF its own', () => {
    const moduli = new Set<string>();
    for (const caf of credentials.cafs) {
      const xml = caf.xml.toString('latin1');
      const jwk = createPublicKey(createPrivateKey(element(xml, 'RSASK'))).export({ format: 'jwk' });
      const modulus = Buffer.from(element(xml, 'M'), 'base64');
      expect(modulus[0]).not.toBe(0);
      // RSA-512, as the SII's CAFs (the samples' M is 64 bytes).
      expect(modulus).toHaveLength(64);
      expect(modulus.equals(Buffer.from(jwk.n ?? '', 'base64url'))).toBe(true);
      expect(element(xml, 'E')).toBe('AQAB');
      expect(element(xml, 'RSASK')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----\n$/);
      expect(createPublicKey(element(xml, 'RSAPUBK')).export({ format: 'jwk' }).n).toBe(jwk.n);
      moduli.add(element(xml, 'M'));
    }
    expect(moduli.size).toBe(5);
  });
});

describe('the flattening rule', () => {
  it('verifies the real CAF of the SII with 100.cer, and not with 300.cer', () => {
    const xml = REAL_CAF.toString('latin1');
    const signature = Buffer.from(element(xml, 'FRMA'), 'base64');
    expect(verify('sha1', cafSignedData(xml), SII_100.publicKey, signature)).toBe(true);
    expect(verify('sha1', cafSignedData(xml), SII_300.publicKey, signature)).toBe(false);
  });
});

describe('checking the request', () => {
  it('lists every problem with a pointer to its field', () => {
    const result = checkTestCredentialsRequest({
      companyRut: '76192083-8',
      signerRut: 'nobody',
      companyName: 'Ünïcode ☃',
      types: [33, 99, 33],
      from: 10,
      to: 2,
      now: NOW,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.pointer)).toEqual([
      '/companyRut', '/signerRut', '/companyName', '/types/1', '/types/2', '/to',
    ]);
    expect(result.problems[0]?.message).toContain('76192083-9 would be valid');
  });

  it('refuses folios that are not whole numbers from 1, and an empty type list', () => {
    const result = checkTestCredentialsRequest({ companyRut: '76192083-9', types: [], from: 0, to: 1.5, now: NOW });
    expect(result.ok ? [] : result.problems.map((problem) => problem.pointer)).toEqual(['/types', '/from', '/to']);
  });

  it('makes generateTestCredentials throw a VALIDATION_FAILED DteError', async () => {
    const attempt = generateTestCredentials({ companyRut: '1-1', types: [33], from: 1, to: 1, now: NOW });
    await expect(attempt).rejects.toBeInstanceOf(DteError);
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ pointer: '/companyRut' }] });
  });
});

describe('dateInChile', () => {
  it('gives the calendar date in America/Santiago', () => {
    expect(dateInChile(new Date('2026-01-15T02:30:00Z'))).toBe('2026-01-14');
    expect(dateInChile(new Date('2026-07-15T12:00:00Z'))).toBe('2026-07-15');
  });
});

function writeTemporary(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}
