import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrintSettings } from '../../src/app/ports/index.ts';
import { DteError } from '../../src/core/errors.ts';
import type { IssuedDocument } from '../../src/core/issue-document.ts';
import { bilevelPng } from '../../src/pdf/bilevel-png.ts';
import { createPdfRenderPool, type PdfRenderPool } from '../../src/pdf/index.ts';
import { decodeTimbres, pdfImages, pdfText, pdfToolsMissing } from './support/pdf-tools.ts';
import { signedDocument, tedBytes } from './support/signed-documents.ts';
import { skipping } from '../support/skip-reason.ts';

const settings: PrintSettings = { copy: 'original', format: 'letter', resolution: { number: 80, date: '2014-08-22' } };

const pools: PdfRenderPool[] = [];
function pool(...options: Parameters<typeof createPdfRenderPool>): PdfRenderPool {
  const created = createPdfRenderPool(...options);
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()));
});

let facturas: IssuedDocument[] = [];
let notaDeCredito: IssuedDocument;
beforeAll(async () => {
  facturas = [await signedDocument(33), await signedDocument(33), await signedDocument(33)];
  notaDeCredito = await signedDocument(61);
});

async function rejection(promise: Promise<unknown>): Promise<DteError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DteError);
  return error as DteError;
}

describe.skipIf(skipping('the PDF render pool read back', pdfToolsMissing))('the PDF render pool, read back with poppler and zxing-cpp', () => {
  it('renders on its threads the PDF renderPdf makes: timbre byte for byte, text and logo', async () => {
    const printer = pool({ threads: 1 });
    const [factura] = facturas;
    const logo = bilevelPng({ width: 40, height: 20, dark: (x, y) => (x + y) % 2 === 0 });
    const pdf = await printer.render(factura!.xml, { ...settings, logo });
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(decodeTimbres(pdf)[0]![0]!.bytes.equals(tedBytes(factura!.xml))).toBe(true);
    expect(pdfText(pdf)).toContain(`N° ${factura!.Folio}`);
    expect(pdfImages(pdf).map((image) => [image.pixelsWide, image.pixelsHigh])).toContainEqual([40, 20]);
  });

  it('answers renders asked at once, more than it has threads, each with its own document', async () => {
    const printer = pool({ threads: 2 });
    const pdfs = await Promise.all([...facturas, ...facturas].map((factura) => printer.render(factura.xml, settings)));
    pdfs.forEach((pdf, index) => {
      const factura = facturas[index % facturas.length]!;
      expect(decodeTimbres(pdf)[0]![0]!.bytes.equals(tedBytes(factura.xml))).toBe(true);
    });
  });
});

describe('the PDF render pool', () => {
  it("passes renderPdf's errors back as DteErrors with their code and details", async () => {
    const printer = pool({ threads: 1 });
    const refused = await rejection(printer.render(notaDeCredito.xml, { ...settings, copy: 'cedible' }));
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.problems).toEqual([{ pointer: 'copy', message: expect.stringContaining('DTE 61') }]);
    const unreadable = await rejection(printer.render(Buffer.from('<not a DTE'), settings));
    expect(unreadable.code).toBe('XML_INVALID');
    // The thread is still there for the next render.
    expect((await printer.render(facturas[0]!.xml, settings)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('fails the render of a thread that dies as INTERNAL, and renders the next on a new thread', async () => {
    const printer = pool({ threads: 1, workerScript: new URL('./support/exiting-render-worker.ts', import.meta.url) });
    const lost = await rejection(printer.render(Buffer.from('exit'), settings));
    expect(lost.code).toBe('INTERNAL');
    expect(lost.message).toMatch(/thread stopped/);
    expect(Buffer.from(await printer.render(Buffer.from('echo'), settings)).toString('latin1')).toBe('echo');
  });

  it('can be warmed, twice, and then renders on the threads it started', async () => {
    const printer = pool({ threads: 2, workerScript: new URL('./support/exiting-render-worker.ts', import.meta.url) });
    printer.warm();
    printer.warm();
    const answers = await Promise.all(['one', 'two', 'three'].map((text) => printer.render(Buffer.from(text), settings)));
    expect(answers.map((answer) => Buffer.from(answer).toString('latin1'))).toEqual(['one', 'two', 'three']);
  });

  it('refuses renders once closed, and those still waiting when it closes', async () => {
    const printer = pool({ threads: 1 });
    const refusals = [printer.render(facturas[0]!.xml, settings), printer.render(facturas[1]!.xml, settings)].map(rejection);
    await printer.close();
    for (const refusal of refusals) expect((await refusal).code).toBe('INTERNAL');
    expect((await rejection(printer.render(facturas[0]!.xml, settings))).message).toMatch(/closed/);
  });
});
