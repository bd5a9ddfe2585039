import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { resolveJwtSecret, resolveMasterKey, resolveSecrets } from '../../src/config/resolve-secrets.ts';

let root: string;
let count = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dte-secrets-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshDirectory(): string {
  count += 1;
  return join(root, `data-${count}`, 'nested');
}

describe('resolveSecrets', () => {
  it('creates both files with mode 0600 on first use, keeps them after, and warns about the master key', async () => {
    const directory = freshDirectory();
    const config = loadConfig({ DATA_DIR: directory });
    const first = await resolveSecrets(config);
    expect(first.jwtSecret).toMatch(/^[\w-]{43}$/);
    expect(first.masterKey).toHaveLength(32);
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toContain('MASTER_KEY is not set');
    expect(first.warnings[0]).toContain('created now');
    for (const name of ['jwt-secret', 'master-key']) expect(statSync(join(directory, name)).mode & 0o777).toBe(0o600);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    const again = await resolveSecrets(config);
    expect(again.jwtSecret).toBe(first.jwtSecret);
    expect(again.masterKey.equals(first.masterKey)).toBe(true);
    expect(again.warnings[0]).not.toContain('created now');
  });

  it('takes the environment first and writes no file then', async () => {
    const directory = freshDirectory();
    const masterKey = Buffer.alloc(32, 3);
    const config = loadConfig({ DATA_DIR: directory, JWT_SECRET: 's'.repeat(32), MASTER_KEY: masterKey.toString('base64') });
    const secrets = await resolveSecrets(config);
    expect(secrets).toEqual({ jwtSecret: 's'.repeat(32), masterKey, warnings: [] });
    expect(() => statSync(directory)).toThrow();
  });

  it('has no JWT secret in JWKS mode', async () => {
    const config = loadConfig({ DATA_DIR: freshDirectory(), JWT_JWKS_URL: 'https://id.example/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' });
    expect(await resolveJwtSecret(config)).toBeNull();
  });

  it('gives concurrent callers the same secret', async () => {
    const config = loadConfig({ DATA_DIR: freshDirectory() });
    const secrets = await Promise.all(Array.from({ length: 5 }, () => resolveJwtSecret(config)));
    expect(new Set(secrets.map((secret) => secret?.value)).size).toBe(1);
  });

  it('refuses a damaged master key file, warns about a file others can read', async () => {
    const directory = freshDirectory();
    const config = loadConfig({ DATA_DIR: directory });
    await resolveSecrets(config);
    writeFileSync(join(directory, 'master-key'), 'c2hvcnQ=\n', { mode: 0o600 });
    await expect(resolveMasterKey(config)).rejects.toThrow(/does not hold a 32-byte key in base64/);
    writeFileSync(join(directory, 'jwt-secret'), `${'z'.repeat(40)}\n`);
    chmodSync(join(directory, 'jwt-secret'), 0o644);
    const secret = await resolveJwtSecret(config);
    expect(secret?.value).toBe('z'.repeat(40));
    expect(secret?.warnings).toEqual([`${join(directory, 'jwt-secret')} can be read by other users: run chmod 600 on it.`]);
    expect(readFileSync(join(directory, 'jwt-secret'), 'utf8')).toBe(`${'z'.repeat(40)}\n`);
  });
});
