/**
 * The symbol characters of PDF417 (ISO/IEC 15438 §5.3): each codeword value 0–928 drawn as 4 bars and
 * 4 spaces, bar first, of 1 to 6 modules each and 17 modules in all, in three clusters (0, 3 and 6)
 * that the rows take in turn. A pattern's cluster is b1 − b2 + b3 − b4 (mod 9), its bars' widths.
 *
 * The tables are built here from that structure. Of the 10,480 patterns of 17 modules, the standard
 * keeps 929 of each cluster, and its table lists them by value in the order of their edge-to-similar-
 * edge distances t2, t3, t4, t5, t6 and then t1 (tᵢ = eᵢ + eᵢ₊₁, the widths of element i and the next;
 * the distances are what a reader measures, robust to ink spread). So a cluster's table is its
 * patterns sorted in that order, without the ones the standard leaves out. Which those are follows no
 * rule this module knows, so it is data: one bit per pattern of the cluster in that order, set when
 * the standard's table has it. The bits were read from the standard's table as BWIPP transcribes it
 * (bwip-js 4.11, barcode.ps `pdf417.clusters`); test/pdf/pdf417 checks all 2,787 patterns against that
 * table and against the symbols bwip-js draws, and zxing-cpp reads every symbol back.
 */

/** Which patterns of clusters 0, 3 and 6 the standard's table holds, in key order, first pattern in the highest bit. */
const SELECTED: readonly string[] = [
  '/00/0D/Dxf99f/H89/9X/X1//f9X/1RVQf/Q/1P13//PqrrSD61yD2z//3tZ6tPq8vd//+tds9vX//V7UoqpKAA++r/r7//u1nbI+b09v/7512r65NPMj3Nr7//'
  + 'N7/WW2r26/+3+5vqqpUlAABN/f//33zrtXt3//avfZy21e3f/u/3N/3Odz//v9v7u9VVVUATVV8/1qv7+uu+3W7+6/u/u7vv//gAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '/////////f7////////v//////////////78///////+///fm9/q9/q9/q9vf//b/b/b/b//7/fv9/////P////////2/2/2/2///7/6/7f7f7f///////////////'
  + 'v7+/v////////////+////////////8/P/////f/AA',
  '/+f/f///7/7//////////v//3///////q9/7/////9v////3//////////b/////9Xv7f///b///7////9///f//93////q9/b///9v///v///P////f//+3///6vf'
  + '2///b//9/+P////3//vf//f2////////7//////wAA',
];

/** Codewords a cluster holds: the values 0–928. */
export const CODEWORD_VALUES = 929;

/** The start pattern 8 1 1 1 1 1 1 3, 17 modules, as bits (1 a dark module), first module highest. */
export const START_PATTERN = 0b11111111010101000;
/** The stop pattern 7 1 1 3 1 1 1 2 1, 18 modules. */
export const STOP_PATTERN = 0b111111101000101001;

/** A pattern's 8 element widths, bar first. */
type Widths = readonly number[];

/** Every pattern of 4 bars and 4 spaces of 1–6 modules each, 17 modules in all. */
function allPatterns(): Widths[] {
  const found: Widths[] = [];
  const widths: number[] = [];
  const extend = (left: number): void => {
    const elementsLeft = 8 - widths.length;
    if (elementsLeft === 1) {
      if (left <= 6) found.push([...widths, left]);
      return;
    }
    for (let width = 1; width <= 6 && left - width >= elementsLeft - 1; width += 1) {
      widths.push(width);
      extend(left - width);
      widths.pop();
    }
  };
  extend(17);
  return found;
}

function clusterOf(widths: Widths): number {
  return (((widths[0]! - widths[2]! + widths[4]! - widths[6]!) % 9) + 9) % 9;
}

/** The order of the standard's table: t2 … t6, then t1, then (for patterns alike in those) the first bar. */
function compareByDistances(left: Widths, right: Widths): number {
  for (const index of [1, 2, 3, 4, 5, 0]) {
    const difference = left[index]! + left[index + 1]! - (right[index]! + right[index + 1]!);
    if (difference !== 0) return difference;
  }
  return left[0]! - right[0]!;
}

/** The 17 modules of a pattern as bits, first module highest. */
function bitsOf(widths: Widths): number {
  let bits = 0;
  widths.forEach((width, element) => {
    for (let module = 0; module < width; module += 1) bits = (bits << 1) | (element % 2 === 0 ? 1 : 0);
  });
  return bits;
}

function buildClusters(): Uint32Array[] {
  const patterns = allPatterns();
  return [0, 3, 6].map((cluster, index) => {
    const candidates = patterns.filter((widths) => clusterOf(widths) === cluster).sort(compareByDistances);
    const selected = Buffer.from(SELECTED[index]!, 'base64');
    const table = new Uint32Array(CODEWORD_VALUES);
    let value = 0;
    candidates.forEach((widths, position) => {
      if ((selected[position >> 3]! & (0x80 >> (position & 7))) === 0) return;
      if (value >= CODEWORD_VALUES) throw new Error(`PDF417 cluster ${cluster}: more than ${CODEWORD_VALUES} patterns selected.`);
      table[value] = bitsOf(widths);
      value += 1;
    });
    if (value !== CODEWORD_VALUES) throw new Error(`PDF417 cluster ${cluster}: ${value} patterns selected, not ${CODEWORD_VALUES}.`);
    return table;
  });
}

let clusters: Uint32Array[] | undefined;

/**
 * The symbol characters of row clusters 0, 3 and 6 (indexed 0, 1, 2: a row's `row % 3`), each a table
 * from codeword value to its 17 modules as bits. Built once, on first use (a few milliseconds).
 */
export function symbolCharacters(): readonly Uint32Array[] {
  clusters ??= buildClusters();
  return clusters;
}
