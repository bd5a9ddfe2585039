import type { DocumentPrinter, PrintSettings } from '../app/ports/index.ts';
import { validationError } from '../core/errors.ts';
import { drawLetterClosing, drawRollClosing, type Closing } from './draw-closing.ts';
import { drawContinuationHeading, drawLetterHeading, drawRollHeading } from './draw-heading.ts';
import { drawLineTable, drawReferenceTable, drawRollLines, drawRollReferences, PAGE_NUMBER_ROOM } from './draw-tables.ts';
import { pageFormat, QUIET_COLOUR, type PageFormat } from './page-format.ts';
import { readPrintedDocuments } from './read-printed-documents.ts';
import { Sheet } from './sheet.ts';
import { createPdfDocument } from './standard-fonts.ts';
import { timbreImage } from './timbre-barcode.ts';
import { documentName, noCedibleReason } from './sii-names.ts';

/**
 * Renders the printed representation of every DTE in an XML file (Manual de muestras impresas): each
 * document starts on a page of its own; on letter paper a long one continues over pages numbered
 * "Página 1 de 3" with the timbre on its last, on a roll it is one page as long as it needs. Asking for
 * the cedible copy of a type that has none is a VALIDATION_FAILED naming `copy`.
 */
export async function renderPdf(xml: Uint8Array, settings: PrintSettings): Promise<Buffer> {
  const documents = readPrintedDocuments(xml);
  if (settings.copy === 'cedible') {
    const refused = documents.flatMap((document) => {
      const reason = noCedibleReason(document.TipoDTE, document.IndTraslado);
      return reason === undefined ? [] : [{ pointer: 'copy', message: `DTE ${document.TipoDTE} folio ${document.Folio}: ${reason}.` }];
    });
    if (refused.length > 0) throw validationError(refused, 'The cedible copy was asked of a document that has none.');
  }
  const format = pageFormat(settings.format);
  const first = documents[0]!;
  const pdf = createPdfDocument({
    autoFirstPage: false,
    bufferPages: true,
    info: {
      Title: `${documentName(first.TipoDTE)} N° ${first.Folio}${documents.length > 1 ? ` y ${documents.length - 1} más` : ''}`,
      Author: first.issuer.RznSoc,
      Subject: settings.copy === 'cedible' ? 'Copia cedible' : 'Documento tributario electrónico',
      Creator: 'dte-service',
    },
  });
  for (const document of documents) {
    // Encoded once per document: a roll is drawn twice (to learn its height, then for good).
    const closing = { document, settings, cedible: settings.copy === 'cedible', timbre: timbreImage(document.ted, format.timbre) };
    const height = format.name === 'roll' ? rollHeight(closing, format) : format.height;
    drawDocument(pdf, format, height, closing);
  }
  return finish(pdf);
}

/** The printer port of the application, backed by renderPdf. */
export function createPdfPrinter(): DocumentPrinter {
  return { render: renderPdf };
}

/** Draws one document from a new page on; returns its sheet. */
function drawDocument(pdf: PDFKit.PDFDocument, format: PageFormat, pageHeight: number, closing: Closing): Sheet {
  const sheet = new Sheet(pdf, format, pageHeight);
  const { document, settings } = closing;
  if (format.name === 'roll') {
    drawRollHeading(sheet, document, settings);
    drawRollReferences(sheet, document);
    drawRollLines(sheet, document);
    drawRollClosing(sheet, closing);
    return sheet;
  }
  sheet.onNewPage = (current) => drawContinuationHeading(current, document);
  drawLetterHeading(sheet, document, settings);
  drawReferenceTable(sheet, document);
  drawLineTable(sheet, document);
  drawLetterClosing(sheet, closing);
  numberPages(sheet);
  return sheet;
}

/** A roll is one page: drawn once on the tallest page a PDF allows, to learn how tall it must be. */
function rollHeight(closing: Closing, format: PageFormat): number {
  const scratch = createPdfDocument({ autoFirstPage: false, bufferPages: true });
  const sheet = drawDocument(scratch, format, format.height, closing);
  return Math.ceil(sheet.y + format.margin);
}

/** "Página n de m" at the foot of each page of a document that took more than one. */
function numberPages(sheet: Sheet): void {
  const count = sheet.pageCount;
  if (count === 1) return;
  const { format } = sheet;
  for (let page = 0; page < count; page += 1) {
    sheet.doc.switchToPage(sheet.firstPage + page);
    sheet.line(`Página ${page + 1} de ${count}`, format.margin, sheet.bottom - PAGE_NUMBER_ROOM + 4, format.width - 2 * format.margin, {
      size: format.smallSize, colour: QUIET_COLOUR, align: 'right',
    });
  }
}

function finish(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
