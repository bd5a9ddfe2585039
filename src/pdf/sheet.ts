import type { PageFormat } from './page-format.ts';
import { TEXT_COLOUR } from './page-format.ts';
import { printableText } from './printable-text.ts';

/** The standard fonts used: no font file is embedded, and the WinAnsi set covers Spanish. */
export type FontName = 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique';

/** How a piece of text is set. */
export interface TextStyle {
  font?: FontName;
  size?: number;
  colour?: string;
  align?: 'left' | 'right' | 'center';
  /** Keep line breaks of the text (descriptions); otherwise they become spaces. */
  multiline?: boolean;
}

/**
 * One document being drawn on a pdfkit document: a cursor `y` moving down the current page, text set
 * through the font filter (printableText) and measured before it is placed, and page breaks decided
 * here, never by pdfkit (which would add pages of its own when text runs past the bottom).
 */
export class Sheet {
  /** Where the next block starts on the current page. */
  y: number;
  /** Index (in the pdfkit document's buffered pages) of this document's first page. */
  readonly firstPage: number;
  /** Called after a page break, to draw the continuation header and set `y`. */
  onNewPage: (sheet: Sheet) => void = (sheet) => void (sheet.y = sheet.format.margin);

  constructor(readonly doc: PDFKit.PDFDocument, readonly format: PageFormat, readonly pageHeight: number) {
    doc.addPage({ size: [format.width, pageHeight], margin: 0 });
    this.firstPage = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
    this.y = format.margin;
  }

  /** The lowest y that content may reach on this page. */
  get bottom(): number {
    return this.pageHeight - this.format.margin;
  }

  /** Pages this document has so far. */
  get pageCount(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - this.firstPage;
  }

  /** Starts a new page of this document. */
  newPage(): void {
    this.doc.addPage({ size: [this.format.width, this.pageHeight], margin: 0 });
    this.onNewPage(this);
  }

  /** Breaks the page unless `height` fits below the cursor; says whether it broke. */
  ensureRoom(height: number, bottom = this.bottom): boolean {
    if (this.y + height <= bottom) return false;
    this.newPage();
    return true;
  }

  /** The height `text` takes when wrapped to `width`. */
  measure(text: string, width: number, style: TextStyle = {}): number {
    if (text === '') return 0;
    this.setFont(style);
    return this.doc.heightOfString(printableText(text, style.multiline), { width, lineGap: 0 });
  }

  /**
   * Writes `text` wrapped to `width` with its top at `y`; returns the height it took. The text may not
   * run past the page's edge: pdfkit stops there instead of adding a page of its own.
   */
  write(text: string, x: number, y: number, width: number, style: TextStyle = {}): number {
    if (text === '') return 0;
    this.setFont(style);
    this.doc.fillColor(style.colour ?? TEXT_COLOUR).text(printableText(text, style.multiline), x, y, {
      width, height: this.pageHeight - y, align: style.align ?? 'left', lineGap: 0,
    });
    return this.doc.y - y;
  }

  /** Writes one line without wrapping (numbers, labels); `width` serves the alignment. */
  line(text: string, x: number, y: number, width: number, style: TextStyle = {}): void {
    if (text === '') return;
    this.setFont(style);
    this.doc.fillColor(style.colour ?? TEXT_COLOUR).text(printableText(text), x, y, { width, align: style.align ?? 'left', lineBreak: false });
  }

  /** The width of the widest of the texts on one line. */
  widest(texts: readonly string[], style: TextStyle = {}): number {
    this.setFont(style);
    return texts.reduce((widest, text) => Math.max(widest, this.doc.widthOfString(printableText(text))), 0);
  }

  /** The height of one line of text in a style. */
  lineHeight(style: TextStyle = {}): number {
    this.setFont(style);
    return this.doc.currentLineHeight(true);
  }

  /** A horizontal rule across `width` at `y`. */
  rule(x: number, y: number, width: number, colour: string, thickness = 0.4): void {
    this.doc.save().moveTo(x, y).lineTo(x + width, y).lineWidth(thickness).strokeColor(colour).stroke().restore();
  }

  private setFont(style: TextStyle): void {
    this.doc.font(style.font ?? 'Helvetica').fontSize(style.size ?? this.format.bodySize);
  }
}
