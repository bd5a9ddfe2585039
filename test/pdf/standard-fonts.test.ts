import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { createPdfDocument, sharesStandardFonts } from '../../src/pdf/standard-fonts.ts';

const OPTIONS: PDFKit.PDFDocumentOptions = { autoFirstPage: false, info: { CreationDate: new Date('2026-11-20T15:00:00Z') } };

/** Draws and measures the same things on a document; returns the measures and the PDF's bytes. */
async function draw(document: PDFKit.PDFDocument): Promise<{ measures: number[]; pdf: Buffer }> {
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => document.on('end', resolve));
  const measures: number[] = [];
  for (let page = 0; page < 2; page += 1) {
    document.addPage({ size: [612, 792], margin: 0 });
    for (const font of ['Helvetica-Bold', 'Helvetica', 'Helvetica-Oblique', 'Helvetica']) {
      // Kerned pairs (AV, Wa, To, LT) and accents, so that widths and line breaks depend on the metrics.
      const text = `AVATAR Wa To LT Ñandú Peñalolén ${font} ${'Cajón de tornillos '.repeat(6)}`;
      document.font(font).fontSize(8.5);
      measures.push(document.widthOfString(text), document.heightOfString(text, { width: 150 }), document.currentLineHeight(true));
      document.text(text, 40, document.y + 10, { width: 150 });
    }
  }
  document.end();
  await ended;
  return { measures, pdf: Buffer.concat(chunks) };
}

describe('the standard fonts shared between documents', () => {
  it('are shared with this pdfkit (its font registry is as standard-fonts.ts expects)', () => {
    expect(sharesStandardFonts()).toBe(true);
  });

  it('leave every measure and every byte of the PDF as pdfkit makes them with fonts of its own', async () => {
    const own = await draw(new PDFDocument(OPTIONS));
    const shared = await draw(createPdfDocument(OPTIONS));
    const again = await draw(createPdfDocument(OPTIONS));
    expect(shared.measures).toEqual(own.measures);
    expect(shared.pdf.equals(own.pdf)).toBe(true);
    expect(again.pdf.equals(own.pdf)).toBe(true);
    // The fonts are written as the standard Type 1 fonts they are, each once.
    const text = own.pdf.toString('latin1');
    expect(text.match(/\/BaseFont \/Helvetica-Bold/g)).toHaveLength(1);
  });
});
