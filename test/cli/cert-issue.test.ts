import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCertCommand } from '../../src/cli/cert-command.ts';
import { registerKeysCommand } from '../../src/cli/keys-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { registerVerifyCommand } from '../../src/cli/verify-command.ts';
import { captureContext } from './capture-context.ts';

const fixtures = new URL('../fixtures/cert/', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'cert-issue-'));
const keys = join(directory, 'keys');
const out = join(directory, 'out');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function dte(...argv: string[]) {
  const captured = captureContext(new Date('2026-12-07T15:00:00Z'));
  const code = await runCli(argv, [registerKeysCommand, registerCertCommand, registerVerifyCommand], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

beforeAll(async () => {
  expect((await dte('keys', '--out', keys, '--from', '1', '--to', '50')).code).toBe(0);
}, 30_000);

describe('dte cert issue', () => {
  it('issues every planned case and wraps each set in an envelope that passes every check', async () => {
    const issued = await dte('cert', 'issue', join(fixtures, 'set-776892475.txt'), '--company', '76192083-9', '--settings', join(fixtures, 'settings.json'),
      '--cert', join(keys, 'company.p12'), '--password-file', join(keys, 'company.password'), '--cafs', keys, '--sii-cert', join(keys, 'sii-authority.pem'),
      '--resolution-number', '0', '--resolution-date', '2026-12-01', '--out', out);
    expect(issued.errorLines).toEqual(["wrote envio-4943173.xml: 8 DTEs in the set's order", "wrote envio-4943176.xml: 8 DTEs in the set's order"]);
    expect(issued.code).toBe(0);
    expect(existsSync(join(out, 'caso-4943176-8.xml'))).toBe(true);
    const envelope = readFileSync(join(out, 'envio-4943173.xml'), 'latin1');
    const order = [...envelope.matchAll(/<RazonRef>CASO (\d+-\d+)<\/RazonRef>/g)].map((match) => match[1]);
    expect(order).toEqual(['4943173-1', '4943173-2', '4943173-3', '4943173-4', '4943173-5', '4943173-6', '4943173-7', '4943173-8']);
    for (const name of ['envio-4943173.xml', 'envio-4943176.xml']) {
      const verified = await dte('verify', join(out, name), '--sii-cert', join(keys, 'sii-authority.pem'));
      expect(verified.stdout).toContain('every check passed');
    }
  }, 30_000);

  it('names a missing CAF and exits 2 before issuing anything', async () => {
    const missing = await dte('cert', 'issue', join(fixtures, 'set-776892475.txt'), '--company', '76192083-9', '--settings', join(fixtures, 'settings.json'),
      '--cert', join(keys, 'company.p12'), '--password-file', join(keys, 'company.password'), '--cafs', directory, '--out', join(directory, 'none'));
    expect(missing.code).toBe(2);
    expect(missing.errorLines.some((line) => line.includes('caf-'))).toBe(true);
    expect(existsSync(join(directory, 'none'))).toBe(false);
  });
});
