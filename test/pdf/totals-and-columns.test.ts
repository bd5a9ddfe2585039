/**
 * What a newcomer found wrong in the printed document (issue 22): the totals' order, the subtotal a
 * global discount is taken of, the roll's timbre off centre, and code and unit columns printed empty.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrintSettings } from '../../src/app/ports/index.ts';
import type { IssuedDocument } from '../../src/core/issue-document.ts';
import { renderPdf } from '../../src/pdf/index.ts';
import { sampleRequest } from '../support/requests.ts';
import { decodeTimbres, pageSizes, pdfLines, pdfToolsMissing, wordBoxes } from './support/pdf-tools.ts';
import { signedDocument, tedBytes } from './support/signed-documents.ts';
import { skipping } from '../support/skip-reason.ts';

const settings: PrintSettings = { copy: 'original', format: 'letter', resolution: { number: 80, date: '2014-08-22' } };
const pesos = (amount: number): string => new Intl.NumberFormat('es-CL').format(amount);
const POINTS_PER_CM = 72 / 2.54;

if (pdfToolsMissing !== undefined) console.warn(`Skipping the totals and columns PDF tests: ${pdfToolsMissing}.`);

let factura: IssuedDocument;
let exenta: IssuedDocument;
beforeAll(async () => {
  [factura, exenta] = await Promise.all([signedDocument(33), signedDocument(34)]);
});

/** The index of the first line that holds `text`; fails when none does. */
function lineOf(lines: string[], text: string): number {
  const index = lines.findIndex((line) => line.includes(text));
  expect(index, `a line with "${text}"`).toBeGreaterThanOrEqual(0);
  return index;
}

/** The sum of a request's affected (or exempt) lines' amounts, as the signed document states them. */
function linesSum(document: IssuedDocument, exempt: boolean): number {
  const amounts = [...document.xml.toString('latin1').matchAll(/<Detalle>([\s\S]*?)<\/Detalle>/g)].map((match) => ({
    exempt: /<IndExe>1<\/IndExe>/.test(match[1]!) || document.request.Encabezado.IdDoc.TipoDTE === 34,
    amount: Number(/<MontoItem>(\d+)<\/MontoItem>/.exec(match[1]!)![1]),
  }));
  return amounts.filter((line) => line.exempt === exempt).reduce((sum, line) => sum + line.amount, 0);
}

describe.skipIf(skipping('the PDF suites of totals and columns', pdfToolsMissing))('the totals zone', () => {
  it.each(['letter', 'roll'] as const)('lists Monto Neto, Monto Exento, IVA and Monto Total in that order (%s)', async (format) => {
    const lines = pdfLines(await renderPdf(factura.xml, { ...settings, format }));
    const order = ['Monto Neto', 'Monto Exento', 'IVA (19%)', 'Monto Total'].map((label) => lineOf(lines, label));
    expect(order).toEqual([...order].sort((left, right) => left - right));
    expect(new Set(order).size).toBe(4);
    expect(lines[order[0]!]).toContain(`$ ${pesos(factura.Totales.MntNeto!)}`);
    expect(lines[order[1]!]).toContain(`$ ${pesos(factura.Totales.MntExe!)}`);
    expect(lines[order[2]!]).toContain(`$ ${pesos(factura.Totales.IVA!)}`);
  });

  it('shows the affected subtotal, the sum the global discount is taken of, above the discount', async () => {
    const lines = pdfLines(await renderPdf(factura.xml, settings));
    const subtotal = lineOf(lines, 'Subtotal afecto');
    const affected = linesSum(factura, false);
    expect(lines[subtotal]).toContain(`$ ${pesos(affected)}`);
    expect(subtotal).toBeLessThan(lineOf(lines, 'Descuento global'));
    expect(lineOf(lines, 'Descuento global')).toBeLessThan(lineOf(lines, 'Monto Neto'));
    // The subtotal less the discount is the neto.
    const discount = Number(/-\$ ([\d.]+)/.exec(lines.slice(subtotal).join(' '))![1]!.replace(/\./g, ''));
    expect(affected - discount).toBe(factura.Totales.MntNeto);
  });

  it('shows the exempt subtotal above a global discount on a factura exenta, and no subtotal without a global entry', async () => {
    const lines = pdfLines(await renderPdf(exenta.xml, settings));
    const subtotal = lineOf(lines, 'Subtotal exento');
    expect(lines[subtotal]).toContain(`$ ${pesos(linesSum(exenta, true))}`);
    expect(subtotal).toBeLessThan(lineOf(lines, 'Descuento global'));
    const plain = await signedDocument(33, { DscRcgGlobal: undefined });
    expect(pdfLines(await renderPdf(plain.xml, settings)).join('\n')).not.toContain('Subtotal');
  });
});

describe.skipIf(pdfToolsMissing !== undefined)('the roll\'s timbre', () => {
  it('is centred on the 80 mm page, its legend centred under it', async () => {
    const pdf = await renderPdf(factura.xml, { ...settings, format: 'roll' });
    const [width] = pageSizes(pdf).map((size) => size.width / POINTS_PER_CM);
    const [symbol] = decodeTimbres(pdf)[0]!;
    expect(symbol!.bytes.equals(tedBytes(factura.xml))).toBe(true);
    expect(symbol!.rightCm - symbol!.leftCm).toBeGreaterThanOrEqual(5);
    expect((symbol!.leftCm + symbol!.rightCm) / 2).toBeCloseTo(width! / 2, 1);
    const words = wordBoxes(pdf);
    const label = words.findIndex((word, index) => word.text === 'Timbre' && words[index + 1]?.text === 'Electrónico' && words[index + 2]?.text === 'SII');
    expect(label).toBeGreaterThanOrEqual(0);
    const centre = (words[label]!.xMin + words[label + 2]!.xMax) / 2 / POINTS_PER_CM;
    expect(centre).toBeCloseTo(width! / 2, 1);
  });
});

describe.skipIf(pdfToolsMissing !== undefined)('the detail table\'s columns', () => {
  const header = (lines: string[]): string => lines[lineOf(lines, 'Descripción')]!;

  it('leaves out Código and Unid. when no line has a code or a unit', async () => {
    const plain = await signedDocument(33, { Detalle: [{ NmbItem: 'Cajón', QtyItem: 2, PrcItem: 1000 }, { NmbItem: 'Tornillo', QtyItem: 100, PrcItem: 15 }] });
    const row = header(pdfLines(await renderPdf(plain.xml, settings)));
    expect(row).not.toContain('Código');
    expect(row).not.toContain('Unid.');
    expect(row).toContain('Cantidad');
  });

  it('prints each when a line has one, with its value', async () => {
    const coded = await signedDocument(33, {
      Detalle: [{ NmbItem: 'Cajón', QtyItem: 2, PrcItem: 1000, CdgItem: [{ TpoCodigo: 'INT1', VlrCodigo: 'CAJ-001' }] }, { NmbItem: 'Pintura', QtyItem: 3, PrcItem: 500, UnmdItem: 'LT' }],
    });
    const lines = pdfLines(await renderPdf(coded.xml, settings));
    expect(header(lines)).toMatch(/Código.*Descripción.*Cantidad.*Unid\./);
    expect(lines[lineOf(lines, 'Cajón')]).toContain('CAJ-001');
    expect(lines[lineOf(lines, 'Pintura')]).toMatch(/3\s+LT/);
    // The sample factura has a unit on one line and no code.
    const sample = header(pdfLines(await renderPdf((await signedDocument(33, { Detalle: sampleRequest(33).Detalle })).xml, settings)));
    expect(sample).toContain('Unid.');
    expect(sample).not.toContain('Código');
  });
});
