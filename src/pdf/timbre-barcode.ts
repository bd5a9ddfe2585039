import bwipjs from 'bwip-js';
import { DteError } from '../core/errors.ts';
import { bilevelPng } from './bilevel-png.ts';

/**
 * The timbre electrónico as a PDF417 symbol (ISO 15438), encoded by bwip-js from the TED's ISO-8859-1
 * bytes exactly as they were signed, rows three modules high. Error correction level 5: the level of
 * the SII's instructivo de emisión, which the Manual de muestras impresas refers to for the symbol (it
 * is not among the team's copies of the SII documents), and the one issuers such as LibreDTE print.
 */
export const TIMBRE_ERROR_CORRECTION_LEVEL = 5;

/** Height of a row in modules: the symbol's Y/X ratio. */
export const TIMBRE_ROW_HEIGHT = 3;

/** Modules of quiet zone left and right of the symbol; above and below there is one blank row. */
const QUIET_MODULES = 2;

/** Modules of the fixed parts of a row: start, left and right row indicators, stop. */
const FIXED_ROW_MODULES = 17 + 17 + 17 + 18;

/**
 * ISO 15438's most codewords in one symbol, error correction, padding and the length descriptor
 * included. BWIPP does not hold a symbol to it at a fixed level; strict readers refuse one over it.
 */
const MOST_CODEWORDS = 928;

/** Text compaction packs the TED's characters about this densely (measured on TEDs of real CAFs). */
const CHARACTERS_PER_CODEWORD = 1.35;

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
  /** TIMBRE_ERROR_CORRECTION_LEVEL, unless the TED is too long for it (see `encode`). */
  errorCorrectionLevel: number;
}

/**
 * Encoded symbols by TED and box, the least recently used dropped first, so that the copies of one
 * document, and a document printed again, encode it once. A TED never changes after signing.
 */
const cache = new Map<string, TimbreImage>();
const CACHE_SIZE = 64;

/**
 * Encodes a TED as a PDF417 image whose columns are chosen so that the symbol, drawn as large as the
 * box allows, has the largest modules. Throws a DteError when the TED does not fit in a PDF417 at all.
 */
export function timbreImage(ted: Buffer, box: TimbreBox): TimbreImage {
  const text = ted.toString('latin1');
  const key = `${box.width}x${box.height}\u0000${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const { matrix, level, columns } = encode(text, box);
  const rows = matrix.pixs.length / matrix.pixx;
  const width = matrix.pixx + 2 * QUIET_MODULES;
  const png = bilevelPng({
    width,
    height: rows + 2,
    dark: (x, y) => {
      const column = x - QUIET_MODULES;
      const row = y - 1;
      return column >= 0 && column < matrix.pixx && row >= 0 && row < rows && matrix.pixs[row * matrix.pixx + column] === 1;
    },
  });
  const image = { png, modulesWide: width, modulesHigh: (rows + 2) * TIMBRE_ROW_HEIGHT, columns, rows, errorCorrectionLevel: level };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, image);
  return image;
}

/** The size at which a timbre image fills as much of the box as its shape allows. */
export function fittedSize(image: TimbreImage, box: TimbreBox): { width: number; height: number } {
  const module = Math.min(box.width / image.modulesWide, box.height / image.modulesHigh);
  return { width: image.modulesWide * module, height: image.modulesHigh * module };
}

interface Matrix {
  pixs: number[];
  pixx: number;
}

/**
 * Encodes at level 5 with the best column count for the box, or with the most columns when that
 * leaves too many rows, in a symbol of at most 928 codewords (when BWIPP's symbol has more, column
 * counts whose rows × columns stay within 928 are tried). A TED too long for level 5 (the SII's CAFs
 * never make one) goes down one level at a time: a timbre with less error correction beats none.
 * When no level fits in 928, the first symbol BWIPP made is kept: lenient readers (zxing-cpp) read
 * it, and a timbre that strict ones refuse still beats a document that cannot be printed.
 * This is most of a render's time: 13–20 ms for a TED of an SII CAF's size (~765 bytes), two thirds
 * of it BWIPP's optimal text compaction, which no option turns off. zxing-wasm 3.1.6's writer (zint)
 * measured no faster on the same TEDs (December 2026), so the symbol is memoized instead (above).
 */
function encode(text: string, box: TimbreBox): Encoded {
  let lastError: unknown;
  let overCapacity: Encoded | undefined;
  for (let level = TIMBRE_ERROR_CORRECTION_LEVEL; level >= 2; level -= 1) {
    const best = bestColumns(estimatedCodewords(text.length, level), box);
    const candidates = best === 30 ? [30] : [best, 30];
    for (let index = 0; index < candidates.length; index += 1) {
      const columns = candidates[index]!;
      // Options of BWIPP's pdf417 encoder, which bwip-js's types do not list. Without fixedeclevel BWIPP
      // would raise the level to fill spare room in the symbol, or lower it to fit the data.
      const options: bwipjs.RawOptions & { eclevel: number; fixedeclevel: boolean; columns: number } = {
        bcid: 'pdf417', text, binarytext: true, eclevel: level, fixedeclevel: true, columns,
      };
      let matrix: Matrix | undefined;
      try {
        matrix = bwipjs.raw(options)[0] as Matrix | undefined;
      } catch (error) {
        lastError = error;
        if (!/insufficientCapacity/.test(String(error))) break;
        continue;
      }
      if (matrix === undefined || !Array.isArray(matrix.pixs)) throw new DteError('INTERNAL', 'bwip-js returned no PDF417 matrix.');
      const rows = matrix.pixs.length / matrix.pixx;
      if (rows * columns <= MOST_CODEWORDS) return { matrix, level, columns };
      overCapacity ??= { matrix, level, columns };
      lastError = new Error(`insufficientCapacity: ${rows * columns} codewords at level ${level}, over the ${MOST_CODEWORDS} a PDF417 symbol may hold`);
      // The symbol needs more than (rows − 1) × columns codewords; other column counts may hold them in 928.
      for (const other of columnsWithin((rows - 1) * columns + 1, box)) if (!candidates.includes(other)) candidates.push(other);
    }
  }
  if (overCapacity !== undefined) return overCapacity;
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new DteError('XML_INVALID', `The TED (${text.length} bytes) is too long for a PDF417 symbol: ${reason}`, { cause: lastError });
}

/** A symbol as bwip-js made it, at the level and column count it was asked for. */
interface Encoded {
  matrix: Matrix;
  level: number;
  columns: number;
}

/** Up to three column counts whose rows hold `codewords` within 928 codewords, largest module first. */
function columnsWithin(codewords: number, box: TimbreBox): number[] {
  const fitting: Array<{ columns: number; module: number }> = [];
  for (let columns = 1; columns <= 30; columns += 1) {
    const rows = Math.max(3, Math.ceil(codewords / columns));
    if (rows <= 90 && rows * columns <= MOST_CODEWORDS) fitting.push({ columns, module: moduleSize(columns, rows, box) });
  }
  return fitting.sort((left, right) => right.module - left.module).slice(0, 3).map((fit) => fit.columns);
}

function estimatedCodewords(bytes: number, level: number): number {
  return Math.ceil(bytes / CHARACTERS_PER_CODEWORD) + 2 + 2 ** (level + 1);
}

/** The column count (1–30, 3–90 rows) that gives the largest module in the box. */
function bestColumns(codewords: number, box: TimbreBox): number {
  let best = { columns: 30, module: 0 };
  for (let columns = 1; columns <= 30; columns += 1) {
    const rows = Math.max(3, Math.ceil(codewords / columns));
    if (rows > 90) continue;
    const module = moduleSize(columns, rows, box);
    if (module > best.module) best = { columns, module };
  }
  return best.columns;
}

/** The module of a symbol of `columns` × `rows` drawn as large as the box allows. */
function moduleSize(columns: number, rows: number, box: TimbreBox): number {
  const wide = 17 * columns + FIXED_ROW_MODULES + 2 * QUIET_MODULES;
  const high = (rows + 2) * TIMBRE_ROW_HEIGHT;
  return Math.min(box.width / wide, box.height / high);
}
