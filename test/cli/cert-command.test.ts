import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACTURA, NOTA_CREDITO } from '../../src/core/document-kinds/index.ts';
import { registerCertCommand } from '../../src/cli/cert-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { captureContext } from './capture-context.ts';

const fixtures = new URL('../fixtures/cert/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'cert-command-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function plan(...argv: string[]) {
  const captured = captureContext();
  const code = await runCli(['cert', 'plan', ...argv], [registerCertCommand], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

describe('dte cert plan', () => {
  it('prints one entry per case in set order with --json, folios from --first-folio', async () => {
    const result = await plan(join(fixtures, 'set-776892475.txt'), '--company', '76192083-9', '--settings', join(fixtures, 'settings.json'),
      '--first-folio', `${FACTURA.code}=40,${NOTA_CREDITO.code}=9`, '--json');
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as Array<{ case: string; set: string; request: { Encabezado: { IdDoc: { Folio: number } }; Referencia: Array<{ FolioRef: string }> } }>;
    expect(entries).toHaveLength(16);
    expect(entries[0]).toMatchObject({ case: '4943173-1', set: 'SET BASICO' });
    expect(entries.slice(0, 5).map((entry) => entry.request.Encabezado.IdDoc.Folio)).toEqual([40, 41, 42, 43, 9]);
    expect(entries[4]!.request.Referencia[1]!.FolioRef).toBe('40');
  });

  it('lists the cases it cannot issue in its text output', async () => {
    const result = await plan(join(fixtures, 'set-762352915.txt'), '--company', '76192083-9', '--settings', join(fixtures, 'settings.json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CASO 4352558-1  not issued: Factura de Exportación Electrónica');
    expect(result.stdout).toContain('20 cases: 11 planned, 9 not issued by this product');
  });

  it('exits 2 with one line per problem: options, settings of another company, a malformed set naming its line', async () => {
    const bad = await plan(join(fixtures, 'set-762352915.txt'), '--company', '1-2', '--settings', join(scratch, 'none.json'), '--first-folio', '33=0,x');
    expect(bad.code).toBe(2);
    expect(bad.errorLines.filter((line) => line.startsWith('--'))).toHaveLength(4);
    const other = await plan(join(fixtures, 'set-762352915.txt'), '--company', '96790240-3', '--settings', join(fixtures, 'settings.json'));
    expect(other.code).toBe(2);
    expect(other.errorLines.join('\n')).toContain('not for --company 96790240-3');
    const malformed = join(scratch, 'malformed.txt');
    writeFileSync(malformed, 'SET BASICO - NUMERO DE ATENCION: 1\r\n\r\nCASO 1-1\r\n==\r\nDOCUMENTO\tFACTURA ELECTRONICA\r\n\r\nITEM\t\tCANTIDAD\r\nUNO\t\tdiez\r\n', 'latin1');
    const read = await plan(malformed, '--company', '76192083-9', '--settings', join(fixtures, 'settings.json'));
    expect(read.code).toBe(2);
    expect(read.errorLines.join('\n')).toContain('line 8: "diez" is not a number');
  });
});
