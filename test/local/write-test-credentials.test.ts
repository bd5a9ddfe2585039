import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestCredentials, type TestCredentials } from '../../src/local/generate-test-credentials.ts';
import { writeTestCredentials } from '../../src/local/write-test-credentials.ts';

let credentials: TestCredentials;
let root: string;

beforeAll(async () => {
  credentials = await generateTestCredentials({
    companyRut: '76192083-9',
    types: [33, 61],
    from: 5,
    to: 50,
    now: new Date('2026-03-02T15:00:00Z'),
  });
  root = mkdtempSync(join(tmpdir(), 'dte-write-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeTestCredentials', () => {
  it('writes every file, secrets with mode 0600, into a directory it creates', async () => {
    const directory = join(root, 'nested', 'credentials');
    const written = await writeTestCredentials(credentials, directory);
    expect(readdirSync(directory).sort()).toEqual([
      'README.txt', 'caf-33.xml', 'caf-61.xml', 'company.p12', 'company.password', 'sii-authority.key', 'sii-authority.pem',
    ]);
    expect(written.map((file) => file.path)).toContain(join(directory, 'caf-61.xml'));
    const mode = (name: string): number => statSync(join(directory, name)).mode & 0o777;
    expect(mode('sii-authority.key')).toBe(0o600);
    expect(mode('company.password')).toBe(0o600);
    expect(readFileSync(join(directory, 'company.password'), 'utf8')).toBe(`${credentials.company.password}\n`);
    expect(readFileSync(join(directory, 'company.p12')).equals(credentials.company.p12)).toBe(true);
    expect(readFileSync(join(directory, 'sii-authority.pem'), 'utf8')).toBe(credentials.authority.certificatePem);
    expect(readFileSync(join(directory, 'sii-authority.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('writes a README saying the credentials are for local use only', async () => {
    const directory = join(root, 'readme');
    await writeTestCredentials(credentials, directory);
    const readme = readFileSync(join(directory, 'README.txt'), 'utf8');
    expect(readme).toContain('FOR LOCAL USE AND TESTS ONLY');
    expect(readme).toContain('NOT valid at the SII');
    expect(readme).toContain('IDK 999');
    expect(readme).not.toContain(credentials.company.password);
  });

  it('refuses to replace existing credentials unless asked to', async () => {
    const directory = join(root, 'twice');
    await writeTestCredentials(credentials, directory);
    await expect(writeTestCredentials(credentials, directory)).rejects.toMatchObject({ code: 'CONFLICT' });
    const written = await writeTestCredentials(credentials, directory, { overwrite: true });
    expect(written).toHaveLength(7);
    expect(statSync(join(directory, 'company.password')).mode & 0o777).toBe(0o600);
  });
});
