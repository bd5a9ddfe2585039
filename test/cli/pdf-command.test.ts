import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerPdfCommand } from '../../src/cli/pdf-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { bilevelPng } from '../../src/pdf/bilevel-png.ts';
import { decodeTimbres, pdfImages, pdfText, pdfToolsMissing } from '../pdf/support/pdf-tools.ts';
import { signedDocument, tedBytes } from '../pdf/support/signed-documents.ts';
import { captureContext } from './capture-context.ts';

const directory = mkdtempSync(join(tmpdir(), 'dte-cli-pdf-'));
let factura: { path: string; xml: Buffer };
let nota: string;

async function dte(...argv: string[]) {
  const captured = captureContext(new Date('2026-11-20T15:00:00Z'));
  const status = await runCli(argv, [registerPdfCommand], captured.context);
  return { status, errors: captured.errorLines() };
}

beforeAll(async () => {
  const issued = await signedDocument(33);
  factura = { path: join(directory, 'factura.xml'), xml: issued.xml };
  writeFileSync(factura.path, issued.xml);
  nota = join(directory, 'nota.xml');
  writeFileSync(nota, (await signedDocument(61)).xml);
});

describe('dte pdf', () => {
  it('writes the PDF with the resolution, the office and the logo given', async () => {
    const out = join(directory, 'factura.pdf');
    const logo = join(directory, 'logo.png');
    writeFileSync(logo, bilevelPng({ width: 30, height: 12, dark: (x) => x % 3 === 0 }));
    const result = await dte('pdf', factura.path, '--out', out, '--cedible', '--resolution-number', '80', '--resolution-date', '2014-08-22',
      '--sii-office', 'Santiago Centro', '--logo', logo);
    expect(result.errors).toEqual([expect.stringMatching(/^wrote .*factura\.pdf: PDF \(letter, cedible copy, \d+ bytes\)$/)]);
    expect(result.status).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (pdfToolsMissing === undefined) {
      const text = pdfText(pdf);
      for (const words of ['Res. 80 de 2014', 'S.I.I. - SANTIAGO CENTRO', 'CEDIBLE', 'ACUSE DE RECIBO']) expect(text).toContain(words);
      expect(decodeTimbres(pdf)[0]![0]!.bytes.equals(tedBytes(factura.xml))).toBe(true);
      expect(pdfImages(pdf)).toHaveLength(2);
    }
  });

  it('prints a roll, and notes that the legend lacks the resolution when none is given', async () => {
    const out = join(directory, 'roll.pdf');
    const result = await dte('pdf', factura.path, '--out', out, '--format', 'roll');
    expect(result.status).toBe(0);
    expect(result.errors[0]).toMatch(/^note: without --resolution-number and --resolution-date/);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('exits with 2 and one line per problem of the options', async () => {
    const result = await dte('pdf', factura.path, '--out', join(directory, 'x.pdf'), '--format', 'a4', '--resolution-number', 'ochenta', '--resolution-date', '22-08-2014');
    expect(result.status).toBe(2);
    expect(result.errors).toEqual([
      '--format: "a4" is not a format: use letter or roll.',
      '--resolution-number: "ochenta" is not a whole number.',
      '--resolution-date: "22-08-2014" is not a date written YYYY-MM-DD.',
    ]);
  });

  it('exits with 2 for a resolution date that is no day of the calendar and a negative number, writing nothing', async () => {
    const out = join(directory, 'never.pdf');
    const result = await dte('pdf', factura.path, '--out', out, '--resolution-number', '-3', '--resolution-date', '2026-13-45');
    expect(result).toEqual({ status: 2, errors: [
      '--resolution-number: "-3" must be a whole number from 0 to 999999.',
      '--resolution-date: "2026-13-45" is not a day of the calendar.',
    ] });
    expect(existsSync(out)).toBe(false);
    const folder = await dte('pdf', factura.path, '--out', '/nonexistent/x.pdf');
    expect(folder).toEqual({ status: 2, errors: ['--out: Cannot write /nonexistent/x.pdf: the folder /nonexistent does not exist.'] });
  });

  it('exits with 2 when only half the resolution is given', async () => {
    const result = await dte('pdf', factura.path, '--out', join(directory, 'x.pdf'), '--resolution-number', '80');
    expect(result).toEqual({ status: 2, errors: ['--resolution-date: The resolution needs both --resolution-number and --resolution-date.'] });
  });

  it('exits with 2 naming --cedible for a nota, which has no cedible copy', async () => {
    const result = await dte('pdf', nota, '--out', join(directory, 'nota.pdf'), '--cedible');
    expect(result.status).toBe(2);
    expect(result.errors).toEqual([expect.stringMatching(/^--cedible: DTE 61 folio \d+: a nota de crédito has no cedible copy\.$/)]);
  });

  it('exits with 2 for a file that is missing or is not a DTE', async () => {
    expect(await dte('pdf', join(directory, 'missing.xml'), '--out', join(directory, 'x.pdf'))).toEqual({
      status: 2, errors: [`<dte>: ${join(directory, 'missing.xml')} does not exist.`],
    });
    const notDte = join(directory, 'not-a-dte.xml');
    writeFileSync(notDte, '<?xml version="1.0"?><Factura/>');
    const result = await dte('pdf', notDte, '--out', join(directory, 'x.pdf'));
    expect(result.status).toBe(2);
    expect(result.errors).toEqual(['error: The root element is <Factura>; a DTE or an EnvioDTE was expected.']);
  });
});
