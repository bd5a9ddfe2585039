import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerKeysCommand } from '../../src/cli/keys-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { captureContext } from './capture-context.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dte-keys-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function keys(...argv: string[]): Promise<{ code: number; stdout: string; errorLines: string[] }> {
  const captured = captureContext();
  const code = await runCli(['keys', ...argv], [registerKeysCommand], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

describe('dte keys', () => {
  it('writes test credentials and prints the label, the files and where the password is, not the password', async () => {
    const directory = join(root, 'default');
    const result = await keys('--out', directory);
    expect(result.code).toBe(0);
    expect(result.errorLines).toEqual([]);
    expect(result.stdout).toContain('TEST CREDENTIALS — local use only, not valid at the SII');
    expect(result.stdout).toContain('Company 76192083-9');
    for (const type of [33, 34, 52, 56, 61, 39, 41]) expect(result.stdout).toContain(join(directory, `caf-${type}.xml`));
    const password = readFileSync(join(directory, 'company.password'), 'utf8').trim();
    expect(result.stdout).not.toContain(password);
    expect(result.stdout).toContain(`Password of company.p12: in ${join(directory, 'company.password')} (not printed;`);
    expect(statSync(join(directory, 'company.password')).mode & 0o777).toBe(0o600);
    const subject = execFileSync('openssl', [
      'pkcs12', '-in', join(directory, 'company.p12'), '-passin', `pass:${password}`, '-nokeys', '-clcerts',
    ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(subject).toContain('serialNumber = 76192083-9');
  });

  it('takes the RUTs, the types and the folio range from its options', async () => {
    const directory = join(root, 'options');
    const result = await keys('--out', directory, '--rut', '60.910.000-1', '--signer-rut', '17605402-6',
      '--types', '33, 61', '--from', '101', '--to', '200');
    expect(result.code).toBe(0);
    expect(existsSync(join(directory, 'caf-34.xml'))).toBe(false);
    const caf = readFileSync(join(directory, 'caf-61.xml'), 'latin1');
    expect(caf).toContain('<RE>60910000-1</RE>');
    expect(caf).toContain('<RNG><D>101</D><H>200</H></RNG>');
    expect(caf).toContain('<FA>2026-01-15</FA>');
    expect(result.stdout).toContain('signer 17605402-6');
  });

  it('exits with 2 and one line per problem for a bad RUT, bad types and from > to', async () => {
    const directory = join(root, 'refused');
    const result = await keys('--out', directory, '--rut', '76192083-8', '--types', '33,99,33,abc', '--from', '9', '--to', '3');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.errorLines).toEqual([
      '--rut: RUT 76192083-8 has a wrong check digit: 76192083-9 would be valid.',
      '--types: "abc" is not a whole number.',
      '--types: 99 is not a supported document type: use 33, 34, 52, 56, 61, 39, 41.',
      '--types: Document type 33 is listed twice.',
      '--to: The range ends (3) before it starts (9): "to" must be at least "from".',
    ]);
    expect(existsSync(directory)).toBe(false);
  });

  it('reports folios that are not numbers once each', async () => {
    const result = await keys('--out', join(root, 'numbers'), '--from', 'x', '--to', '0');
    expect(result.code).toBe(2);
    expect(result.errorLines).toEqual([
      '--from: "x" is not a whole number.',
      '--to: 0 is not a folio: use a whole number from 1 to 9999999999.',
    ]);
  });

  it('exits with 2 and commander\'s message on a usage error', async () => {
    const missing = await keys();
    expect(missing.code).toBe(2);
    expect(missing.errorLines).toEqual(["error: required option '--out <dir>' not specified"]);
    const missingAndBad = await keys('--rut', '76192083-8', '--from', 'x');
    expect(missingAndBad.code).toBe(2);
    expect(missingAndBad.errorLines).toEqual([
      "error: required option '--out <dir>' not specified",
      '--rut: RUT 76192083-8 has a wrong check digit: 76192083-9 would be valid.',
      '--from: "x" is not a whole number.',
    ]);
    const unknown = await keys('--out', join(root, 'unknown'), '--colour');
    expect(unknown.code).toBe(2);
    expect(unknown.errorLines).toEqual(["error: unknown option '--colour'"]);
  });

  it('refuses to overwrite credentials without --force', async () => {
    const directory = join(root, 'twice');
    expect((await keys('--out', directory, '--types', '33')).code).toBe(0);
    const first = readFileSync(join(directory, 'company.password'), 'utf8');
    const again = await keys('--out', directory, '--types', '33');
    expect(again.code).toBe(2);
    expect(again.errorLines).toHaveLength(1);
    expect(again.errorLines[0]).toMatch(/^error: .* already holds sii-authority\.pem, .*--force\.$/);
    expect(readFileSync(join(directory, 'company.password'), 'utf8')).toBe(first);
    const forced = await keys('--out', directory, '--types', '33', '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(join(directory, 'company.password'), 'utf8')).not.toBe(first);
  });

  it('exits with 2 and one line, writing nothing, for every kind of --out that cannot be written', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a directory\n');
    const cases: Array<[string, RegExp]> = [
      // /proc refuses new entries with ENOENT although the parent exists: Node's recursive mkdir spun on it.
      ['/proc/nope', /^error: \/proc\/nope cannot be written: the file system does not allow creating it\.$/],
      ['/proc/nope/deeper', /^error: \/proc\/nope\/deeper cannot be written: the file system does not allow creating it\.$/],
      ['/dev/null/keys', /^error: \/dev\/null\/keys cannot be written: \/dev\/null is not a directory\.$/],
      [file, /^error: .*a-file cannot be written: .*a-file is not a directory\.$/],
      [join(file, 'keys'), /^error: .*a-file\/keys cannot be written: .*a-file is not a directory\.$/],
    ];
    if (existsSync('/sys/kernel')) cases.push(['/sys/nope', /^error: \/sys\/nope cannot be written: (the operation is not permitted|permission denied|the file system is read-only|the file system does not allow creating it)\.$/]);
    for (const [out, expected] of cases) {
      const result = await keys('--out', out, '--types', '33');
      expect(result.code, out).toBe(2);
      expect(result.stdout, out).toBe('');
      expect(result.errorLines, out).toHaveLength(1);
      expect(result.errorLines[0], out).toMatch(expected);
    }
  });
});
