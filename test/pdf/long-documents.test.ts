import { beforeAll, describe, expect, it } from 'vitest';
import type { IssuedDocument } from '../../src/core/issue-document.ts';
import { renderPdf } from '../../src/pdf/index.ts';
import { sampleRequest } from '../support/requests.ts';
import { decodeTimbres, pageSizes, pdfText, pdfToolsMissing } from './support/pdf-tools.ts';
import { manyLines, manyReferences, signedDocument, tedBytes } from './support/signed-documents.ts';
import { skipping } from '../support/skip-reason.ts';

if (pdfToolsMissing !== undefined) console.warn(`Skipping the long-document PDF tests: ${pdfToolsMissing}.`);

let longest: IssuedDocument;
beforeAll(async () => {
  // The most the XSD allows: 60 lines and 40 references.
  longest = await signedDocument(61, { Detalle: manyLines(60), Referencia: manyReferences(40) });
});

describe.skipIf(skipping('the PDF suites of long documents', pdfToolsMissing))('documents longer than a page', () => {
  it('flow over numbered letter pages, with the timbre on the last page only', async () => {
    const pdf = await renderPdf(longest.xml, { copy: 'original', format: 'letter', resolution: { number: 80, date: '2014-08-22' } });
    const pages = decodeTimbres(pdf);
    expect(pages.length).toBeGreaterThan(1);
    pages.slice(0, -1).forEach((symbols) => expect(symbols).toEqual([]));
    const last = pages.at(-1)!;
    expect(last).toHaveLength(1);
    expect(last[0]!.bytes.equals(tedBytes(longest.xml))).toBe(true);
    const text = pdfText(pdf);
    for (let line = 1; line <= 60; line += 1) expect(text).toContain(`Artículo número ${line} de la lista`);
    for (let folio = 500; folio < 540; folio += 1) expect(text).toContain(`Corrige montos de la factura ${folio}`);
    for (let page = 1; page <= pages.length; page += 1) expect(text).toContain(`Página ${page} de ${pages.length}`);
    expect(text).toContain(`NOTA DE CRÉDITO ELECTRÓNICA N° ${longest.Folio} (continuación)`);
    expect(text).toContain(`$ ${new Intl.NumberFormat('es-CL').format(longest.Totales.MntTotal)}`);
  });

  it('make one long roll page whose timbre still decodes', async () => {
    const pdf = await renderPdf(longest.xml, { copy: 'original', format: 'roll' });
    const sizes = pageSizes(pdf);
    expect(sizes).toHaveLength(1);
    expect(sizes[0]!.height).toBeGreaterThan(792 * 2);
    const [symbols] = decodeTimbres(pdf, 300);
    expect(symbols).toHaveLength(1);
    expect(symbols![0]!.bytes.equals(tedBytes(longest.xml))).toBe(true);
    const text = pdfText(pdf);
    expect(text).toContain('Artículo número 60 de la lista');
    expect(text).toContain('Corrige montos de la factura 539');
  });

  it('print a short document on one page without page numbers', async () => {
    const short = await signedDocument(33);
    const pdf = await renderPdf(short.xml, { copy: 'original', format: 'letter' });
    expect(pageSizes(pdf)).toHaveLength(1);
    expect(pdfText(pdf)).not.toContain('Página');
  });
});

describe.skipIf(pdfToolsMissing !== undefined)('names as written', () => {
  it('prints & < > " \' and accents as they were written, in names, lines and references', async () => {
    // The receiver's name goes into the TED too: with the test CAFs' long keys a name of many escapes
    // would make a TED longer than a PDF417 holds (the SII's CAFs leave far more room).
    const name = `Pérez & Hijos <Sur> "Rápido" Ltda.`;
    const request = sampleRequest(61);
    const encabezado = request.Encabezado as { Receptor: Record<string, unknown> };
    const document = await signedDocument(61, {
      Encabezado: { ...encabezado, Receptor: { ...encabezado.Receptor, RznSocRecep: name, GiroRecep: 'Importación & exportación' } },
      Detalle: [{ NmbItem: 'Codo', QtyItem: 1, PrcItem: 100 }, { NmbItem: `Cañería <PVC> & "codo" 45° 'gris'`, QtyItem: 2, PrcItem: 1500 }],
      Referencia: [{ TpoDocRef: '33', FolioRef: '77', FchRef: '2026-11-01', CodRef: 1, RazonRef: 'Anula "por error" & <otro>' }],
    });
    expect(document.xml.toString('latin1')).toContain('&amp;');
    const pdf = await renderPdf(document.xml, { copy: 'original', format: 'letter' });
    // The escapes make this TED one of the longest: its barcode must still read back.
    expect(decodeTimbres(pdf)[0]![0]!.bytes.equals(tedBytes(document.xml))).toBe(true);
    const text = pdfText(pdf);
    expect(text).toContain(name);
    expect(text).toContain('Importación & exportación');
    expect(text).toContain(`Cañería <PVC> & "codo" 45° 'gris'`);
    expect(text).toContain('Anula documento de referencia: Anula "por error" & <otro>');
  });
});
