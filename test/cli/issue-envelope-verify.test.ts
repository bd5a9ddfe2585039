import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerEnvelopeCommand } from '../../src/cli/envelope-command.ts';
import { registerIssueCommand } from '../../src/cli/issue-command.ts';
import { registerKeysCommand } from '../../src/cli/keys-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { registerVerifyCommand } from '../../src/cli/verify-command.ts';
import type { TipoDTE } from '../../src/core/document-request.ts';
import { externalToolsAvailable, xmllintValidate, xmlsecVerify } from '../support/external-tools.ts';
import { sampleRequest } from '../support/requests.ts';
import { captureContext } from './capture-context.ts';

const commands = [registerKeysCommand, registerIssueCommand, registerEnvelopeCommand, registerVerifyCommand];
const now = new Date('2026-11-20T15:00:00Z');
const directory = mkdtempSync(join(tmpdir(), 'dte-cli-'));
const keys = join(directory, 'keys');
const credentialOptions = ['--cert', join(keys, 'company.p12'), '--password-file', join(keys, 'company.password')];

async function dte(...argv: string[]) {
  const captured = captureContext(now);
  const status = await runCli(argv, commands, captured.context);
  return { status, stdout: captured.stdout(), errors: captured.errorLines() };
}

function requestFile(type: TipoDTE, overrides: Record<string, unknown> = {}): string {
  const path = join(directory, `request-${type}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(sampleRequest(type, overrides)));
  return path;
}

beforeAll(async () => {
  const result = await dte('keys', '--out', keys, '--from', '1', '--to', '100');
  expect(result.status).toBe(0);
});

describe('dte issue, envelope and verify', () => {
  it('issue every type, wrap them in an envelope, and verify it with every check passing', async () => {
    const files: string[] = [];
    for (const type of [33, 34, 52, 56, 61] as const) {
      const out = join(directory, `dte-${type}.xml`);
      const issued = await dte('issue', requestFile(type), ...credentialOptions, '--caf', join(keys, `caf-${type}.xml`), '--folio', '5', '--sii-cert', join(keys, 'sii-authority.pem'), '--out', out);
      expect(issued.errors.join('\n')).toContain(`DTE ${type} folio 5`);
      expect(issued.status).toBe(0);
      files.push(out);
    }
    const envelope = join(directory, 'envio.xml');
    const wrapped = await dte('envelope', ...files, ...credentialOptions, '--resolution-number', '80', '--resolution-date', '2014-08-22', '--out', envelope);
    expect(wrapped.status).toBe(0);
    const verified = await dte('verify', envelope, '--sii-cert', join(keys, 'sii-authority.pem'));
    expect(verified.stdout).toMatch(/every check passed/);
    expect(verified.stdout).not.toMatch(/^FAIL/m);
    expect(verified.stdout.match(/^ok {3}ted-signature/gm)).toHaveLength(5);
    expect(verified.status).toBe(0);
    const bytes = readFileSync(envelope);
    expect(bytes.toString('latin1')).toContain('<NroResol>80</NroResol>');
    if (externalToolsAvailable) {
      expect(xmllintValidate(bytes, 'EnvioDTE_v10.xsd').status).toBe(0);
      expect(xmlsecVerify(bytes, extractCertificate(bytes), 'SetDTE').status).toBe(0);
    }
  });

  it('verify fails, exit 1, when a CAF is not signed by the trusted authority', async () => {
    const out = join(directory, 'untrusted.xml');
    await dte('issue', requestFile(33), ...credentialOptions, '--caf', join(keys, 'caf-33.xml'), '--folio', '6', '--sii-cert', join(keys, 'sii-authority.pem'), '--out', out);
    const verified = await dte('verify', out);
    expect(verified.stdout).toMatch(/^FAIL caf-signature \[DTE 33 folio 6\]/m);
    expect(verified.status).toBe(1);
  });

  it('issue reports every problem of a bad request on its own line and exits 2, writing nothing', async () => {
    const request = sampleRequest(33);
    (request.Encabezado as { Receptor: Record<string, unknown> }).Receptor.RUTRecep = '12345678-9';
    (request.Detalle as Record<string, unknown>[])[1]!.PrcItem = -5;
    const path = join(directory, 'bad.json');
    writeFileSync(path, JSON.stringify(request));
    const out = join(directory, 'never-written.xml');
    const result = await dte('issue', path, ...credentialOptions, '--caf', join(keys, 'caf-33.xml'), '--folio', '7', '--sii-cert', join(keys, 'sii-authority.pem'), '--out', out);
    expect(result.status).toBe(2);
    expect(result.errors.some((line) => line.startsWith('/Encabezado/Receptor/RUTRecep: '))).toBe(true);
    expect(result.errors.some((line) => line.startsWith('/Detalle/1/PrcItem: '))).toBe(true);
    expect(readdirSync(directory)).not.toContain('never-written.xml');
  });

  it('issue refuses a wrong password, a missing file, malformed JSON and a CAF from an untrusted authority with exit 2', async () => {
    const wrongPassword = await dte('issue', requestFile(33), '--cert', join(keys, 'company.p12'), '--password', 'not-it', '--caf', join(keys, 'caf-33.xml'));
    expect(wrongPassword.errors).toEqual(['--cert: The certificate could not be opened: the password is wrong.']);
    expect(wrongPassword.status).toBe(2);
    const missing = await dte('issue', join(directory, 'nowhere.json'), ...credentialOptions, '--caf', join(keys, 'caf-33.xml'));
    expect(missing.errors).toEqual([`${join(directory, 'nowhere.json')}: The file does not exist.`]);
    expect(missing.status).toBe(2);
    const malformed = join(directory, 'malformed.json');
    writeFileSync(malformed, '{"Encabezado": ');
    const syntax = await dte('issue', malformed, ...credentialOptions, '--caf', join(keys, 'caf-33.xml'));
    expect(syntax.errors).toHaveLength(1);
    expect(syntax.errors[0]).toMatch(/^\S*malformed\.json: The file is not valid JSON: /);
    expect(syntax.status).toBe(2);
    const untrusted = await dte('issue', requestFile(33), ...credentialOptions, '--caf', join(keys, 'caf-33.xml'), '--folio', '8');
    expect(untrusted.errors[0]).toMatch(/not signed by a trusted SII certificate/);
    expect(untrusted.status).toBe(2);
  });

  it('issue names every missing option at once, and an --out it cannot write in one line, with exit 2', async () => {
    const bare = await dte('issue', requestFile(33));
    expect(bare).toMatchObject({ status: 2, errors: ["error: required option '--cert <p12>' not specified", "error: required option '--caf <xml>' not specified"] });
    const several = await dte('issue', join(directory, 'nowhere.json'), '--cert', join(keys, 'company.p12'), '--caf', join(keys, 'caf-33.xml'), '--folio', '0', '--out', '/nonexistent/x.xml');
    expect(several.status).toBe(2);
    expect(several.errors).toEqual([
      `${join(directory, 'nowhere.json')}: The file does not exist.`,
      '--password: The certificate needs its password: give --password or --password-file.',
      '--folio: "0" must be a whole number from 1 to 9999999999.',
      '--out: Cannot write /nonexistent/x.xml: the folder /nonexistent does not exist.',
    ]);
  });

  it('envelope reports a bad resolution number and a bad resolution date together', async () => {
    const out = join(directory, 'never-envelope.xml');
    const result = await dte('envelope', requestFile(33), ...credentialOptions, '--resolution-number', '-3', '--resolution-date', '15-01-2026', '--out', out);
    expect(result.status).toBe(2);
    expect(result.errors).toEqual([
      '--resolution-number: "-3" must be a whole number from 0 to 999999.',
      '--resolution-date: "15-01-2026" is not a date written YYYY-MM-DD.',
    ]);
    const impossible = await dte('envelope', requestFile(33), ...credentialOptions, '--resolution-number', '80', '--resolution-date', '2026-02-30', '--out', out);
    expect(impossible.errors).toEqual(['--resolution-date: "2026-02-30" is not a day of the calendar.']);
    expect(readdirSync(directory)).not.toContain('never-envelope.xml');
  });

  it('the password never appears in what the CLI prints', async () => {
    const password = readFileSync(join(keys, 'company.password'), 'utf8').trim();
    const result = await dte('issue', requestFile(33), '--cert', join(keys, 'company.p12'), '--password', password, '--caf', join(keys, 'caf-52.xml'), '--folio', '9', '--sii-cert', join(keys, 'sii-authority.pem'));
    expect(result.status).toBe(2);
    expect(`${result.stdout}${result.errors.join('\n')}`).not.toContain(password);
  });
});

describe('dte verify on the SII samples', () => {
  const samples = join(import.meta.dirname, '..', 'fixtures', 'sii', 'envio');

  it.each(readdirSync(samples))('%s: the envelope signature and every TED and CAF verify', async (file) => {
    const result = await dte('verify', join(samples, file));
    expect(result.stdout).toMatch(/^ok {3}envelope-signature \[EnvioDTE\]/m);
    expect(result.stdout).not.toMatch(/^FAIL (ted-signature|caf-signature|ted-data)/m);
    expect(result.stdout).toMatch(/^ok {3}ted-signature/m);
  });

  it.each(['GUIAS_762352915.xml', 'EXPORTACION1_762352915.xml', 'FACTURAS_COMPRA_762352915.xml'])('%s: the schema errors are reported', async (file) => {
    const result = await dte('verify', join(samples, file));
    expect(result.stdout).toMatch(/^FAIL schema \[EnvioDTE\] The file is not valid against EnvioDTE_v10\.xsd .*TipoDTE/m);
    expect(result.status).toBe(1);
  });

  it('takes the SII certificate as PEM or as DER', async () => {
    const pem = readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'sii-certs', '100.cer'), 'utf8');
    const der = join(directory, '100.der');
    writeFileSync(der, Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const pemPath = join(directory, '100.pem');
    writeFileSync(pemPath, pem);
    for (const certificate of [der, pemPath]) {
      const result = await dte('verify', join(samples, 'F000013T33.xml'), '--sii-cert', certificate);
      expect(result.stdout).toMatch(/^ok {3}caf-signature .*IDK 100/m);
      expect(result.status).toBe(0);
    }
    const wrong = join(directory, 'not-a-certificate.pem');
    writeFileSync(wrong, 'hello');
    const refused = await dte('verify', join(samples, 'F000013T33.xml'), '--sii-cert', wrong);
    expect(refused.errors).toEqual([`--sii-cert: ${wrong} is not an X.509 certificate in PEM or DER.`]);
    expect(refused.status).toBe(2);
  });

  it.each(['F000013T33.xml', 'BASICO_762352915.xml'])('%s: the schema is valid', async (file) => {
    const result = await dte('verify', join(samples, file));
    expect(result.stdout).toMatch(/^ok {3}schema \[EnvioDTE\]/m);
  });
});

/** The signer's certificate as PEM, taken from the envelope's own KeyInfo. */
function extractCertificate(envelope: Buffer): string {
  const text = envelope.toString('latin1');
  const base64 = /<X509Certificate>([^<]+)<\/X509Certificate>/.exec(text.slice(text.lastIndexOf('<Signature')))![1]!.replace(/\s/g, '');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
}
