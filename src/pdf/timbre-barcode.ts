import { DteError } from '../core/errors.ts';
import { pngOfRows, whiteRows } from './bilevel-png.ts';
import { compact } from './pdf417/compaction.ts';
import { COLUMNS, FIXED_ROW_MODULES, MOST_DATA_REGION, pdf417Symbol, ROWS, rowsNeeded, type Pdf417Symbol } from './pdf417/pdf417-symbol.ts';
import { checkCodewordCount } from './pdf417/reed-solomon.ts';

/**
 * The timbre electrónico as a PDF417 symbol (ISO 15438), encoded by src/pdf/pdf417 from the TED's
 * ISO-8859-1 bytes exactly as they were signed, rows three modules high. Error correction level 5:
 * the level of the SII's instructivo de emisión, which the Manual de muestras impresas refers to for
 * the symbol (it is not among the team's copies of the SII documents), and the one issuers such as
 * LibreDTE print.
 */
export const TIMBRE_ERROR_CORRECTION_LEVEL = 5;

/** Height of a row in modules: the symbol's Y/X ratio. */
export const TIMBRE_ROW_HEIGHT = 3;

/** Modules of quiet zone left and right of the symbol; above and below there is one blank row. */
const QUIET_MODULES = 2;

/**
 * ISO 15438's most codewords in one symbol, error correction, padding and the length descriptor
 * included. Strict readers refuse a symbol over it, so the level goes down before a symbol exceeds it.
 */
const MOST_CODEWORDS = 928;

/** The lowest level tried: below it a damaged timbre would not read at all. */
const LOWEST_LEVEL = 2;

/** The box a format allows the timbre, in points. */
export interface TimbreBox {
  width: number;
  height: number;
}

/** A timbre ready to be drawn: its PNG, one pixel per module and per row, and its size in modules. */
export interface TimbreImage {
  png: Buffer;
  /** Width and height in modules, quiet zone included; the image is drawn row height × taller than its pixels. */
  modulesWide: number;
  modulesHigh: number;
  columns: number;
  rows: number;
  /** TIMBRE_ERROR_CORRECTION_LEVEL, unless the TED is too long for it (see `timbreSymbol`). */
  errorCorrectionLevel: number;
}

/**
 * Encodes a TED as a PDF417 image whose columns are chosen so that the symbol, drawn as large as the
 * box allows, has the largest modules. Throws a DteError when the TED does not fit in a PDF417 at all.
 * Nothing is kept between calls: encoding takes well under a millisecond.
 */
export function timbreImage(ted: Buffer, box: TimbreBox): TimbreImage {
  const symbol = timbreSymbol(ted, box);
  const { rows, bits, rowBytes } = symbol;
  const width = symbol.width + 2 * QUIET_MODULES;
  // One blank row above and below; each row moved right by the quiet zone, dark modules cleared to black.
  const pixels = whiteRows(width, rows + 2);
  const pixelRowBytes = pixels.length / (rows + 2);
  for (let row = 0; row < rows; row += 1) {
    const start = (row + 1) * pixelRowBytes + 1;
    for (let index = 0; index < rowBytes; index += 1) {
      const byte = bits[row * rowBytes + index]!;
      pixels[start + index]! &= ~(byte >> QUIET_MODULES) & 0xff;
      pixels[start + index + 1]! &= ~(byte << (8 - QUIET_MODULES)) & 0xff;
    }
  }
  const png = pngOfRows(width, rows + 2, pixels);
  return { png, modulesWide: width, modulesHigh: (rows + 2) * TIMBRE_ROW_HEIGHT, columns: symbol.columns, rows, errorCorrectionLevel: symbol.errorCorrectionLevel };
}

/** The size at which a timbre image fills as much of the box as its shape allows. */
export function fittedSize(image: TimbreImage, box: TimbreBox): { width: number; height: number } {
  const module = Math.min(box.width / image.modulesWide, box.height / image.modulesHigh);
  return { width: image.modulesWide * module, height: image.modulesHigh * module };
}

/**
 * The PDF417 symbol of a TED for a box: at level 5 with the column count that gives the largest module
 * in the box, in a symbol of at most 928 codewords. A TED too long for that at level 5 (the SII's CAFs
 * never make one) goes down one level at a time: a timbre with less error correction beats none.
 * When no level fits in 928, the highest level whose data region still fits the length descriptor
 * is kept: lenient readers (zxing-cpp) read it, and a timbre that strict ones refuse still beats a
 * document that cannot be printed.
 */
export function timbreSymbol(ted: Buffer, box: TimbreBox): Pdf417Symbol {
  const data = compact(ted);
  for (const strict of [true, false]) {
    for (let level = TIMBRE_ERROR_CORRECTION_LEVEL; level >= LOWEST_LEVEL; level -= 1) {
      const columns = bestColumns(data.length, level, box, strict);
      if (columns !== undefined) return pdf417Symbol(data, level, columns);
    }
  }
  throw new DteError('XML_INVALID', `The TED (${ted.length} bytes) is too long for a PDF417 symbol: its ${data.length} data codewords `
    + `leave no room for ${checkCodewordCount(LOWEST_LEVEL)} of error correction in ${MOST_DATA_REGION} codewords.`);
}

/**
 * The column count (1–30, at most 90 rows) that gives the largest module in the box, or undefined when
 * none holds the data: within 928 codewords in all (`strict`), or within a data region of 928.
 */
function bestColumns(dataCodewords: number, level: number, box: TimbreBox, strict: boolean): number | undefined {
  let best: { columns: number; module: number } | undefined;
  for (let columns = COLUMNS.least; columns <= COLUMNS.most; columns += 1) {
    const rows = rowsNeeded(dataCodewords, level, columns);
    const fits = strict ? rows * columns <= MOST_CODEWORDS : rows * columns - checkCodewordCount(level) <= MOST_DATA_REGION;
    if (rows > ROWS.most || !fits) continue;
    const module = moduleSize(columns, rows, box);
    if (best === undefined || module > best.module) best = { columns, module };
  }
  return best?.columns;
}

/** The module of a symbol of `columns` × `rows` drawn as large as the box allows. */
function moduleSize(columns: number, rows: number, box: TimbreBox): number {
  const wide = 17 * columns + FIXED_ROW_MODULES + 2 * QUIET_MODULES;
  const high = (rows + 2) * TIMBRE_ROW_HEIGHT;
  return Math.min(box.width / wide, box.height / high);
}
