/**
 * The printed representation of DTEs (Manual de muestras impresas): a PDF with the recuadro, the
 * issuer and receiver, references, lines, totals, the timbre as a PDF417 of the TED as signed and,
 * on the cedible copy, the acuse de recibo of Ley 19.983; letter or 80 mm roll.
 */
export { createPdfPrinter, renderPdf } from './render-pdf.ts';
export { createPdfRenderPool, type PdfRenderPool, type PdfRenderPoolOptions } from './render-pool.ts';
export { readPrintedDocuments } from './read-printed-documents.ts';
export type { PrintedDocument } from './printed-document.ts';
