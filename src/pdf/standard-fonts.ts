import PDFDocument from 'pdfkit';
import type { FontName } from './sheet.ts';

/**
 * The standard fonts' metrics shared between documents. pdfkit builds a standard font anew for each
 * document that uses it: the widths of its 315 glyphs and its 2,700 kerning pairs, re-read into
 * objects every time, which was a fifth of a render (bench/profiles/pdf-before.txt). The metrics never
 * change, so each document here gets font objects of its own (its own resource name, its own PDF
 * object, written by pdfkit as before) that share one set of metrics, built once.
 *
 * This reaches into pdfkit's font registry (`_fontFamilies`, `_fontCount`), which its types do not
 * declare. When a pdfkit release changes them, the document keeps pdfkit's own fonts (slower, never
 * wrong), and test/pdf/standard-fonts.test.ts, which asserts the sharing and that it leaves the PDF
 * byte for byte as pdfkit writes it, says so.
 */

/** The fonts the printed document uses (sheet.ts). */
const FONTS: readonly FontName[] = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique'];

/** pdfkit's font registry on a document: fonts by name, and the count that numbers their resources. */
interface FontRegistry {
  _fontFamilies: Record<string, unknown>;
  _fontCount: number;
  _font: unknown;
}

function isFontRegistry(document: object): document is FontRegistry {
  const registry = document as Partial<FontRegistry>;
  return typeof registry._fontFamilies === 'object' && registry._fontFamilies !== null && typeof registry._fontCount === 'number';
}

/** A font as pdfkit keeps it: the fields a copy must have of its own. */
interface StandardFontFields {
  document: unknown;
  id: string;
  name: string;
  font: object;
  dictionary?: unknown;
}

function isStandardFont(font: unknown, name: string): font is StandardFontFields {
  if (typeof font !== 'object' || font === null) return false;
  const fields = font as Partial<StandardFontFields>;
  return fields.name === name && typeof fields.id === 'string' && typeof fields.font === 'object' && fields.dictionary == null && 'document' in fields;
}

let templates: Map<FontName, StandardFontFields> | undefined | null;

/** The fonts as pdfkit builds them, once, on a document of their own; null when pdfkit's registry is not as expected. */
function fontTemplates(): Map<FontName, StandardFontFields> | null {
  if (templates !== undefined) return templates;
  const scratch = new PDFDocument({ autoFirstPage: false, font: '' });
  templates = null;
  if (!isFontRegistry(scratch)) return templates;
  const found = new Map<FontName, StandardFontFields>();
  for (const name of FONTS) {
    scratch.font(name);
    if (!isStandardFont(scratch._font, name)) return templates;
    found.set(name, scratch._font);
    indexMetrics(scratch._font.font);
  }
  templates = found;
  return templates;
}

/** pdfkit's metrics of a standard font: glyph widths and kerning pairs by glyph name, in plain objects. */
interface Metrics {
  glyphWidths: Record<string, number>;
  kernPairs: Record<string, number>;
  widthOfGlyph(glyph: string): number;
  getKernPair(left: string, right: string): number;
}

function isMetrics(metrics: object): metrics is Metrics {
  const fields = metrics as Partial<Metrics>;
  return typeof fields.glyphWidths === 'object' && typeof fields.kernPairs === 'object' && typeof fields.widthOfGlyph === 'function'
    && typeof fields.getKernPair === 'function';
}

/**
 * Looks a shared font's widths and kerning up in maps rather than pdfkit's objects of a few thousand
 * keys, found by a key built for each pair of letters (a twelfth of a render's time): the same
 * values, by glyph name. Left as pdfkit made it when its metrics are not as expected.
 */
function indexMetrics(metrics: object): void {
  if (!isMetrics(metrics)) return;
  const widths = new Map(Object.entries(metrics.glyphWidths));
  const kerning = new Map<string, Map<string, number>>();
  for (const [pair, amount] of Object.entries(metrics.kernPairs)) {
    const [left, right] = pair.split('\u0000') as [string, string];
    let rights = kerning.get(left);
    if (rights === undefined) kerning.set(left, (rights = new Map()));
    rights.set(right, amount);
  }
  metrics.widthOfGlyph = (glyph) => widths.get(glyph) || 0;
  metrics.getKernPair = (left, right) => kerning.get(left)?.get(right) || 0;
}

/**
 * A pdfkit document with the printed document's standard fonts registered, their metrics shared with
 * every other document; `options.font` is set here. Helvetica is the current font, as pdfkit's default.
 */
export function createPdfDocument(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const fonts = fontTemplates();
  if (fonts === null) return new PDFDocument(options);
  const document = new PDFDocument({ ...options, font: '' });
  if (!isFontRegistry(document)) return new PDFDocument(options);
  for (const [name, template] of fonts) {
    document._fontCount += 1;
    const copy: StandardFontFields = Object.assign(Object.create(Object.getPrototypeOf(template) as object) as StandardFontFields, template, {
      document, id: `F${document._fontCount}`, dictionary: null,
    });
    document._fontFamilies[name] = copy;
  }
  return document.font('Helvetica');
}

/** Whether documents share the fonts' metrics (false when pdfkit's internals are not as this module expects). */
export function sharesStandardFonts(): boolean {
  return fontTemplates() !== null;
}
