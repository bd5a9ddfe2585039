import { checkCodewordCount, checkCodewords } from './reed-solomon.ts';
import { START_PATTERN, STOP_PATTERN, symbolCharacters } from './symbol-characters.ts';

/**
 * A PDF417 symbol (ISO/IEC 15438): rows of a start pattern, a left row indicator, the data columns,
 * a right row indicator and a stop pattern. The codewords run left to right and top to bottom: the
 * symbol length descriptor (how many codewords precede the check codewords, itself included), the
 * data, padding (900) and the check codewords.
 */
export interface Pdf417Symbol {
  columns: number;
  rows: number;
  errorCorrectionLevel: number;
  /** Every codeword in symbol order, row indicators left out. */
  codewords: Uint16Array;
  /** Modules in a row: 17 for each column and each row indicator, 17 of start and 18 of stop. */
  width: number;
  /**
   * The modules, eight a byte, first module in the highest bit, 1 dark; each row starts on a byte of
   * its own (row r at r × rowBytes) and ends in 0 bits. No quiet zone. See `moduleMatrix`.
   */
  bits: Uint8Array;
  rowBytes: number;
}

/** Rows a symbol may have, and columns of data. */
export const ROWS = { least: 3, most: 90 } as const;
export const COLUMNS = { least: 1, most: 30 } as const;

/** The most codewords before the check codewords: the length descriptor can say no more. */
export const MOST_DATA_REGION = 928;

const PADDING = 900;

/** Modules of a row besides its data columns: start, the two row indicators, stop. */
export const FIXED_ROW_MODULES = 17 + 17 + 17 + 18;

/** Rows a symbol of `dataCodewords` (the length descriptor not counted) needs at a level and column count. */
export function rowsNeeded(dataCodewords: number, level: number, columns: number): number {
  return Math.max(ROWS.least, Math.ceil((dataCodewords + 1 + checkCodewordCount(level)) / columns));
}

/**
 * Builds the symbol of `data` (data codewords, as compaction makes them) at an error correction level
 * and column count, in as few rows as hold it (at least 3), padded. Throws a RangeError when it
 * needs more than 90 rows or its data region more than 928 codewords.
 */
export function pdf417Symbol(data: readonly number[], level: number, columns: number): Pdf417Symbol {
  if (!Number.isInteger(columns) || columns < COLUMNS.least || columns > COLUMNS.most) throw new RangeError(`A PDF417 symbol has 1 to 30 columns, not ${columns}.`);
  const checkCount = checkCodewordCount(level);
  const rows = rowsNeeded(data.length, level, columns);
  if (rows > ROWS.most) throw new RangeError(`${data.length} data codewords at level ${level} need ${rows} rows of ${columns}; a PDF417 symbol has at most ${ROWS.most}.`);
  const dataRegion = rows * columns - checkCount;
  if (dataRegion > MOST_DATA_REGION) throw new RangeError(`A data region of ${dataRegion} codewords is over the ${MOST_DATA_REGION} a PDF417 length descriptor can give.`);
  const codewords = new Uint16Array(rows * columns);
  codewords[0] = dataRegion;
  codewords.set(data, 1);
  codewords.fill(PADDING, 1 + data.length, dataRegion);
  codewords.set(checkCodewords(codewords.subarray(0, dataRegion), level), dataRegion);
  const width = 17 * columns + FIXED_ROW_MODULES;
  const rowBytes = Math.ceil(width / 8);
  return { columns, rows, errorCorrectionLevel: level, codewords, width, bits: drawRows(codewords, rows, columns, level, rowBytes), rowBytes };
}

/** The symbol's modules one byte each, row after row (row r at r × width): 1 dark, 0 light. */
export function moduleMatrix(symbol: Pdf417Symbol): Uint8Array {
  const modules = new Uint8Array(symbol.rows * symbol.width);
  for (let row = 0; row < symbol.rows; row += 1) {
    for (let column = 0; column < symbol.width; column += 1) {
      modules[row * symbol.width + column] = (symbol.bits[row * symbol.rowBytes + (column >> 3)]! >> (7 - (column & 7))) & 1;
    }
  }
  return modules;
}

/**
 * The row indicators (ISO/IEC 15438 §5.3.3): each row tells, in its cluster's turn, the rows' count,
 * the columns' count and the error correction level, so that a reader can place any row it sees.
 */
function rowIndicators(row: number, rows: number, columns: number, level: number): [number, number] {
  const base = Math.floor(row / 3) * 30;
  const rowsPart = base + Math.floor((rows - 1) / 3);
  const levelPart = base + level * 3 + ((rows - 1) % 3);
  const columnsPart = base + columns - 1;
  if (row % 3 === 0) return [rowsPart, columnsPart];
  if (row % 3 === 1) return [levelPart, rowsPart];
  return [columnsPart, levelPart];
}

function drawRows(codewords: Uint16Array, rows: number, columns: number, level: number, rowBytes: number): Uint8Array {
  const clusters = symbolCharacters();
  const writer = new BitWriter(new Uint8Array(rows * rowBytes));
  for (let row = 0; row < rows; row += 1) {
    const cluster = clusters[row % 3]!;
    const [left, right] = rowIndicators(row, rows, columns, level);
    writer.startAt(row * rowBytes);
    writer.put(START_PATTERN, 17);
    writer.put(cluster[left]!, 17);
    for (let column = 0; column < columns; column += 1) writer.put(cluster[codewords[row * columns + column]!]!, 17);
    writer.put(cluster[right]!, 17);
    writer.put(STOP_PATTERN, 18);
    writer.flush();
  }
  return writer.bytes;
}

/** Writes runs of bits into bytes, first bit highest. */
class BitWriter {
  private offset = 0;
  private pending = 0;
  private count = 0;

  constructor(readonly bytes: Uint8Array) {}

  startAt(offset: number): void {
    this.offset = offset;
    this.pending = 0;
    this.count = 0;
  }

  /** Appends the low `count` bits of `bits` (at most 24), highest first. */
  put(bits: number, count: number): void {
    this.pending = (this.pending << count) | bits;
    this.count += count;
    while (this.count >= 8) {
      this.count -= 8;
      this.bytes[this.offset++] = (this.pending >>> this.count) & 0xff;
    }
    this.pending &= (1 << this.count) - 1;
  }

  /** Writes the bits left over, padded with 0 bits to a whole byte. */
  flush(): void {
    if (this.count > 0) this.bytes[this.offset++] = (this.pending << (8 - this.count)) & 0xff;
    this.pending = 0;
    this.count = 0;
  }
}
