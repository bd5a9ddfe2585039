import { beforeAll, describe, expect, it } from 'vitest';
import type { PrintSettings } from '../../src/app/ports/index.ts';
import type { TipoDTE } from '../../src/core/document-request.ts';
import { DteError } from '../../src/core/errors.ts';
import type { IssuedDocument } from '../../src/core/issue-document.ts';
import { renderPdf } from '../../src/pdf/index.ts';
import { testCredentials } from '../support/credentials.ts';
import { sampleRequest } from '../support/requests.ts';
import { decodeTimbres, pageSizes, pdfImages, pdfText, pdfToolsMissing } from './support/pdf-tools.ts';
import { signedDocument, tedBytes } from './support/signed-documents.ts';
import { frmtVerifies } from './support/timbre-check.ts';
import { skipping } from '../support/skip-reason.ts';

const TYPES = [33, 34, 52, 56, 61] as const;
const NAMES: Record<TipoDTE, string> = {
  33: 'FACTURA ELECTRÓNICA', 34: 'FACTURA NO AFECTA O EXENTA ELECTRÓNICA', 52: 'GUÍA DE DESPACHO ELECTRÓNICA',
  56: 'NOTA DE DÉBITO ELECTRÓNICA', 61: 'NOTA DE CRÉDITO ELECTRÓNICA',
  39: 'BOLETA ELECTRÓNICA', 41: 'BOLETA NO AFECTA O EXENTA ELECTRÓNICA',
};
const settings: PrintSettings = { copy: 'original', format: 'letter', resolution: { number: 80, date: '2014-08-22' } };
/** Chilean thousands, written by Intl rather than by the code under test. */
const pesos = (amount: number): string => new Intl.NumberFormat('es-CL').format(amount);

if (pdfToolsMissing !== undefined) console.warn(`Skipping the PDF read-back tests: ${pdfToolsMissing}.`);

const issued = new Map<TipoDTE, IssuedDocument>();
beforeAll(async () => {
  for (const type of TYPES) issued.set(type, await signedDocument(type));
});

function documentOf(type: TipoDTE): IssuedDocument {
  return issued.get(type)!;
}

describe.skipIf(skipping('printed documents read back with poppler and zxing-cpp', pdfToolsMissing))('printed documents, read back with poppler and zxing-cpp', () => {
  it.each(TYPES)('prints type %i with a timbre that decodes to its TED, byte for byte, and verifies with the CAF key', async (type) => {
    const document = documentOf(type);
    const pdf = await renderPdf(document.xml, settings);
    const pages = decodeTimbres(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toHaveLength(1);
    const symbol = pages[0]![0]!;
    expect(symbol.bytes.equals(tedBytes(document.xml))).toBe(true);
    const caf = (await testCredentials()).cafs.get(type)!;
    expect(frmtVerifies(symbol.bytes, caf.publicKey)).toBe(true);
    // The check can fail: the same bytes with the amount changed do not verify.
    const altered = Buffer.from(symbol.bytes.toString('latin1').replace(/<MNT>(\d+)</, (_, amount: string) => `<MNT>${Number(amount) + 1}<`), 'latin1');
    expect(frmtVerifies(altered, caf.publicKey)).toBe(false);
    // At the foot of the page, at least 2 cm from its left edge (Manual §1.5).
    expect(symbol.leftCm).toBeGreaterThanOrEqual(2);
    expect(symbol.topCm).toBeGreaterThan(symbol.pageHeightCm / 2);
  });

  it.each(TYPES)('prints what the manual asks of type %i: recuadro, office, receiver, lines, totals, legend', async (type) => {
    const document = documentOf(type);
    const text = pdfText(await renderPdf(document.xml, settings));
    expect(text).toContain('R.U.T.: 76.192.083-9');
    expect(text).toContain(NAMES[type]);
    expect(text).toContain(`N° ${document.Folio}`);
    expect(text).toContain('S.I.I. - PROVIDENCIA');
    expect(text).toContain('Comercial Ñandú & Cía. Limitada');
    expect(text).toContain('77.777.777-7');
    expect(text).toContain('Constructora Peñalolén SpA');
    expect(text).toContain('20 de noviembre de 2026');
    expect(text).toContain(`$ ${pesos(document.Totales.MntTotal)}`);
    expect(text).toContain('Timbre Electrónico SII');
    expect(text).toContain('Res. 80 de 2014 - Verifique documento: www.sii.cl');
    expect(text).not.toContain('CEDIBLE');
    expect(text).not.toContain('ACUSE DE RECIBO');
    for (const line of document.request.Detalle) expect(text).toContain(line.NmbItem);
  });

  it('shows neto, IVA with its rate and exento on a factura, and only exento on a factura exenta', async () => {
    const factura = pdfText(await renderPdf(documentOf(33).xml, settings));
    const totals = documentOf(33).Totales;
    expect(factura).toContain(`$ ${pesos(totals.MntNeto!)}`);
    expect(factura).toMatch(/IVA \(19%\)/);
    expect(factura).toContain(`$ ${pesos(totals.IVA!)}`);
    expect(factura).toContain('Monto Exento');
    expect(factura).toContain('Exento');
    expect(factura).toContain('(4%)');
    expect(factura).toContain('Descuento global (Descuento cliente frecuente) 6 %');
    // The 6 % in pesos as the totals took it: of the affected lines' sum, half-up.
    const affected = documentOf(33).request.Detalle.filter((line) => line.IndExe === undefined)
      .map((line) => Math.round(Number(line.QtyItem ?? 1) * Number(line.PrcItem) * (1 - Number(line.DescuentoPct ?? 0) / 100)))
      .reduce((sum, amount) => sum + amount, 0);
    expect(factura).toContain(`-$ ${pesos(Math.round(affected * 0.06))}`);
    const exenta = pdfText(await renderPdf(documentOf(34).xml, settings));
    expect(exenta).toContain('Monto Exento');
    expect(exenta).not.toContain('IVA');
    expect(exenta).not.toContain('Monto Neto');
  });

  it('names the traslado of a guía and the referenced document of the notas in words', async () => {
    expect(pdfText(await renderPdf(documentOf(52).xml, settings))).toContain('1 - Operación constituye venta');
    for (const type of [56, 61] as const) {
      const text = pdfText(await renderPdf(documentOf(type).xml, settings), true);
      expect(text).toContain('Referencias a otros documentos');
      expect(text).toContain('Factura Electrónica 12 01-11-2026 Corrige montos: CORRIGE MONTOS');
    }
  });

  it.each([33, 34, 52] as const)('prints the cedible copy of type %i with the acuse de recibo of Ley 19.983', async (type) => {
    const document = documentOf(type);
    const pdf = await renderPdf(document.xml, { ...settings, copy: 'cedible' });
    const text = pdfText(pdf);
    for (const word of ['ACUSE DE RECIBO', 'Nombre:', 'R.U.T.:', 'Fecha:', 'Recinto:', 'Firma:', 'Ley 19.983', 'letra b) del Art. 4°']) {
      expect(text).toContain(word);
    }
    expect(text).toContain(type === 52 ? 'CEDIBLE CON SU FACTURA' : 'CEDIBLE');
    if (type !== 52) expect(text).not.toContain('CEDIBLE CON SU FACTURA');
    expect(decodeTimbres(pdf)[0]![0]!.bytes.equals(tedBytes(document.xml))).toBe(true);
  });

  it('prints on an 80 mm roll as one page whose timbre decodes (centred: see totals-and-columns.test.ts)', async () => {
    const document = documentOf(33);
    const pdf = await renderPdf(document.xml, { ...settings, format: 'roll', copy: 'cedible' });
    const sizes = pageSizes(pdf);
    expect(sizes).toHaveLength(1);
    expect(sizes[0]!.width).toBeCloseTo((8 / 2.54) * 72, 1);
    const [symbol] = decodeTimbres(pdf)[0]!;
    expect(symbol!.bytes.equals(tedBytes(document.xml))).toBe(true);
    const text = pdfText(pdf);
    for (const word of ['FACTURA ELECTRÓNICA', `N° ${document.Folio}`, 'ACUSE DE RECIBO', 'CEDIBLE', 'Timbre Electrónico SII', 'Verifique documento: www.sii.cl']) {
      expect(text).toContain(word);
    }
  });

  it.each(['letter', 'roll'] as const)('draws the %s timbre as one PNG between 2 × 5 and 4 × 9 cm', async (format) => {
    const images = pdfImages(await renderPdf(documentOf(61).xml, { ...settings, format }));
    expect(images).toHaveLength(1);
    const [timbre] = images;
    expect(timbre!.bitsPerComponent).toBe(1);
    expect(timbre!.widthCm).toBeGreaterThanOrEqual(5);
    expect(timbre!.widthCm).toBeLessThanOrEqual(9);
    expect(timbre!.heightCm).toBeGreaterThanOrEqual(2);
    expect(timbre!.heightCm).toBeLessThanOrEqual(4.01);
  });

  it('prints the logo top left when one is given, and leaves the legend without a resolution when none is known', async () => {
    const logo = (await import('../../src/pdf/bilevel-png.ts')).bilevelPng({ width: 40, height: 20, dark: (x, y) => (x + y) % 2 === 0 });
    const pdf = await renderPdf(documentOf(33).xml, { copy: 'original', format: 'letter', logo });
    const images = pdfImages(pdf);
    expect(images.map((image) => [image.pixelsWide, image.pixelsHigh])).toContainEqual([40, 20]);
    expect(images).toHaveLength(2);
    const text = pdfText(pdf);
    expect(text).toContain('Verifique documento: www.sii.cl');
    expect(text).not.toContain('Res.');
  });

  it('prints the configured SII office under the recuadro', async () => {
    const text = pdfText(await renderPdf(documentOf(33).xml, { ...settings, siiOffice: 'Santiago Oriente' }));
    expect(text).toContain('S.I.I. - SANTIAGO ORIENTE');
  });
});

describe('what the printer refuses', () => {
  it.each([56, 61] as const)('has no cedible copy of type %i: VALIDATION_FAILED naming copy', async (type) => {
    const error = await renderPdf(documentOf(type).xml, { ...settings, copy: 'cedible' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DteError);
    expect((error as DteError).code).toBe('VALIDATION_FAILED');
    expect((error as DteError).problems).toEqual([{ pointer: 'copy', message: expect.stringContaining('no cedible copy') }]);
  });

  it('has no cedible copy of a guía whose traslado is not a sale', async () => {
    const internal = await signedDocument(52, { Encabezado: { ...sampleRequest(52).Encabezado as object, IdDoc: { TipoDTE: 52, FchEmis: '2026-11-20', IndTraslado: 5 } } });
    await expect(renderPdf(internal.xml, { ...settings, copy: 'cedible' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ pointer: 'copy' }] });
    await expect(renderPdf(internal.xml, settings)).resolves.toBeInstanceOf(Buffer);
  });

  it('refuses a logo that is neither PNG nor JPEG, naming logo', async () => {
    await expect(renderPdf(documentOf(33).xml, { ...settings, logo: Buffer.from('GIF89a not really') }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ pointer: 'logo' }] });
  });
});
