import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import { createTokenCommand } from '../../src/cli/token-command.ts';
import { createLocalAuthenticator } from '../../src/http/auth/authenticator.ts';
import { captureContext } from './capture-context.ts';

const NOW = new Date('2026-01-15T15:00:00Z');
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dte-token-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function token(environment: Record<string, string>, ...argv: string[]) {
  const captured = captureContext(NOW);
  const code = await runCli(['token', ...argv], [createTokenCommand(() => environment)], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

describe('dte token', () => {
  it('prints a token the service accepts, signed with DATA_DIR/jwt-secret when JWT_SECRET is unset', async () => {
    const environment = { DATA_DIR: join(root, 'data') };
    const result = await token(environment, '--company', '76.192.083-9', '--company', '60910000-1', '--role', 'issuer', '--ttl', '2h', '--subject', 'odoo');
    expect(result.code).toBe(0);
    const printed = result.stdout.trim();
    expect(result.stdout).toBe(`${printed}\n`);
    expect(decodeJwt(printed)).toEqual({
      sub: 'odoo', role: 'issuer', companies: ['76192083-9', '60910000-1'], iat: NOW.getTime() / 1000, exp: NOW.getTime() / 1000 + 7200,
    });
    expect(result.errorLines).toEqual([
      `Token for odoo, role issuer, companies 76192083-9, 60910000-1; expires 2026-01-15T17:00:00.000Z; signed with ${join(root, 'data', 'jwt-secret')}.`,
    ]);
    const secret = readFileSync(join(root, 'data', 'jwt-secret'), 'utf8').trim();
    const identity = await createLocalAuthenticator({ secret }, { now: () => NOW }).verify(printed);
    expect(identity).toEqual({ subject: 'odoo', role: 'issuer', companies: ['76192083-9', '60910000-1'] });
  });

  it('signs with JWT_SECRET, and with the issuer and audience the service checks', async () => {
    const secret = 'j'.repeat(40);
    const result = await token({ JWT_SECRET: secret, JWT_ISSUER: 'dte-local', JWT_AUDIENCE: 'dte-api', DATA_DIR: join(root, 'unused') },
      '--company', '76192083-9', '--role', 'viewer');
    expect(result.code).toBe(0);
    const claims = decodeJwt(result.stdout.trim());
    expect(claims).toMatchObject({ sub: 'dte-cli', role: 'viewer', iss: 'dte-local', aud: 'dte-api', exp: NOW.getTime() / 1000 + 3600 });
    const authenticator = createLocalAuthenticator({ secret, issuer: 'dte-local', audience: 'dte-api' }, { now: () => NOW });
    await expect(authenticator.verify(result.stdout.trim())).resolves.toMatchObject({ role: 'viewer' });
    expect(result.errorLines[0]).toContain('signed with JWT_SECRET');
  });

  it('exits with 2 and one line per problem for bad RUTs and a bad duration', async () => {
    const result = await token({ DATA_DIR: join(root, 'bad') }, '--company', '76192083-8', '--company', 'abc', '--role', 'admin', '--ttl', 'forever');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.errorLines).toEqual([
      '--company: "76192083-8" is not a RUT with a right check digit, such as 76192083-9.',
      '--company: "abc" is not a RUT with a right check digit, such as 76192083-9.',
    ]);
    const ttl = await token({ DATA_DIR: join(root, 'bad') }, '--company', '76192083-9', '--role', 'admin', '--ttl', '400d');
    expect(ttl.errorLines).toEqual(['--ttl: "400d" is not a duration from 1s to 366d, such as 30m, 1h or 7d.']);
  });

  it('says in its help that --company and --role are required, with no empty default', async () => {
    const help = await token({}, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--company <rut>\s+a company the token may touch; repeat for several \(required\)/);
    expect(help.stdout).toMatch(/--role <role>\s+what the token may do \(required\)/);
    expect(help.stdout).not.toContain('default: []');
  });

  it('exits with 2 for an unknown role, a missing company or role (each named), or a broken configuration', async () => {
    const environment = { DATA_DIR: join(root, 'usage') };
    const role = await token(environment, '--company', '76192083-9', '--role', 'root');
    expect(role.code).toBe(2);
    expect(role.errorLines[0]).toContain("option '--role <role>' argument 'root' is invalid");
    const company = await token(environment, '--role', 'admin');
    expect(company.code).toBe(2);
    expect(company.errorLines).toEqual(["error: required option '--company <rut>' not specified"]);
    const neither = await token(environment);
    expect(neither.code).toBe(2);
    expect(neither.errorLines).toEqual(["error: required option '--company <rut>' not specified", "error: required option '--role <role>' not specified"]);
    const config = await token({ ...environment, JWT_SECRET: 'short' }, '--company', '76192083-9', '--role', 'admin');
    expect(config.code).toBe(2);
    expect(config.errorLines).toEqual(['JWT_SECRET: JWT_SECRET must be at least 32 characters long (HS256 wants a 256-bit key).']);
  });

  it('refuses to make local tokens when the service takes them from a JWKS', async () => {
    const jwks = { JWT_JWKS_URL: 'https://id.example/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', DATA_DIR: join(root, 'jwks') };
    const result = await token(jwks, '--company', '76192083-9', '--role', 'admin');
    expect(result.code).toBe(2);
    expect(result.errorLines[0]).toContain('JWT_JWKS_URL');
  });
});
