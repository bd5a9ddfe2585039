/**
 * PDF417's error correction (ISO/IEC 15438 §5.9 and its annex on the error correction codewords): a
 * Reed-Solomon code over the prime field GF(929), with 2^(level + 1) check codewords at error
 * correction level 0–8. The generator polynomial is (x − 3)(x − 3²)…(x − 3^k), 3 being a primitive
 * element of the field; the check codewords are the complement of the remainder of the data
 * polynomial times x^k divided by it, so that the whole symbol is a multiple of the generator.
 */

const PRIME = 929;

/** Check codewords at an error correction level: 2 at level 0 … 512 at level 8. */
export function checkCodewordCount(level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > 8) throw new RangeError(`PDF417 error correction levels are 0 to 8, not ${level}.`);
  return 2 ** (level + 1);
}

const generators = new Map<number, Int32Array>();

/**
 * The coefficients of the generator polynomial of `count` check codewords, lowest degree first and
 * without the leading 1: coefficient i multiplies x^i. Built by multiplying out the roots.
 */
function generator(count: number): Int32Array {
  const known = generators.get(count);
  if (known !== undefined) return known;
  // coefficients[i] of x^i, the leading one included while multiplying.
  const coefficients = new Array<number>(count + 1).fill(0);
  coefficients[0] = 1;
  let root = 1;
  for (let degree = 1; degree <= count; degree += 1) {
    root = (root * 3) % PRIME;
    // Multiply by (x − root): shift up one degree, subtract root times the old polynomial.
    for (let index = degree; index >= 0; index -= 1) {
      const shifted = index > 0 ? coefficients[index - 1]! : 0;
      coefficients[index] = (shifted + PRIME - ((coefficients[index]! * root) % PRIME)) % PRIME;
    }
  }
  const result = Int32Array.from(coefficients.slice(0, count));
  generators.set(count, result);
  return result;
}

/**
 * The check codewords of `data` (the length descriptor, data and padding codewords, in order) at an
 * error correction level, in the order they follow the data in the symbol.
 */
export function checkCodewords(data: ArrayLike<number>, level: number): Uint16Array {
  const count = checkCodewordCount(level);
  const coefficients = generator(count);
  // The remainder's coefficients, highest degree at index count − 1, as a shift register.
  const remainder = new Int32Array(count);
  for (let index = 0; index < data.length; index += 1) {
    const feedback = (data[index]! + remainder[count - 1]!) % PRIME;
    for (let degree = count - 1; degree > 0; degree -= 1) {
      const value = remainder[degree - 1]! - ((feedback * coefficients[degree]!) % PRIME);
      // value + 929 when negative, without a branch: its sign is as good as random, and mispredicted.
      remainder[degree] = value + ((value >> 31) & PRIME);
    }
    const product = (feedback * coefficients[0]!) % PRIME;
    remainder[0] = product === 0 ? 0 : PRIME - product;
  }
  const result = new Uint16Array(count);
  for (let index = 0; index < count; index += 1) {
    const value = remainder[count - 1 - index]!;
    result[index] = value === 0 ? 0 : PRIME - value;
  }
  return result;
}
