import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  decimalFromInteger,
  decimalFromString,
  divideByPowerOfTen,
  formatDecimal,
  integerDigits,
  multiply,
  parseDecimal,
  roundHalfUp,
  subtract,
  type Decimal,
} from '../../src/core/decimal.ts';

const six = { maximumFractionDigits: 6 };
const read = (input: unknown, options = six): Decimal => {
  const parsed = parseDecimal(input, options);
  if (!parsed.ok) throw new Error(`expected ${String(input)} to parse, got ${parsed.refusal}`);
  return parsed.value;
};
const text = (value: Decimal) => formatDecimal(value);
const d = decimalFromString;

describe('parseDecimal', () => {
  it.each([
    [923, '923'],
    ['923', '923'],
    [0.5, '0.5'],
    ['0.500000', '0.5'],
    ['007.10', '7.1'],
    [0.1, '0.1'],
    ['-4.25', '-4.25'],
    [-0, '0'],
    ['999999999999.999999', '999999999999.999999'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ])('reads %j as %s', (input, expected) => {
    expect(text(read(input))).toBe(expected);
  });

  it('counts decimals after dropping trailing zeros', () => {
    expect(text(read('4.50', { maximumFractionDigits: 1 }))).toBe('4.5');
    expect(parseDecimal('4.55', { maximumFractionDigits: 1 })).toEqual({ ok: false, refusal: 'too-many-decimals' });
  });

  it.each([
    ['1.1234567', 'too-many-decimals'],
    [1e-7, 'too-many-decimals'],
    [0.0000001, 'too-many-decimals'],
    [Number.MAX_SAFE_INTEGER + 1, 'unsafe-integer'],
    [1e21, 'unsafe-integer'],
    [Number.NaN, 'not-a-decimal'],
    [Number.POSITIVE_INFINITY, 'not-a-decimal'],
    ['1e5', 'not-a-decimal'],
    ['12,5', 'not-a-decimal'],
    ['1.', 'not-a-decimal'],
    ['.5', 'not-a-decimal'],
    [' 1', 'not-a-decimal'],
    ['+1', 'not-a-decimal'],
    ['', 'not-a-decimal'],
    [null, 'not-a-decimal'],
    [true, 'not-a-decimal'],
    [{ value: 1 }, 'not-a-decimal'],
  ])('refuses %j as %s', (input, refusal) => {
    expect(parseDecimal(input, six)).toEqual({ ok: false, refusal });
  });

  it('accepts integers of any size given as strings', () => {
    expect(text(read('123456789012345678901234567890'))).toBe('123456789012345678901234567890');
  });
});

describe('arithmetic', () => {
  it('adds where binary floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(text(add(read(0.1), read(0.2)))).toBe('0.3');
  });

  it('multiplies exactly', () => {
    // 123 × 923 = 113529.
    expect(text(multiply(d('123'), d('923')))).toBe('113529');
    // 0.000001 × 0.000001 = 1e-12, written without exponent.
    expect(text(multiply(d('0.000001'), d('0.000001')))).toBe('0.000000000001');
    // The largest Dec12_6 squared stays exact: (10^12 − 10^-6)² = 10^24 − 2·10^6 + 10^-12.
    expect(text(multiply(d('999999999999.999999'), d('999999999999.999999')))).toBe(
      '999999999999999998000000.000000000001',
    );
  });

  it('subtracts and compares', () => {
    expect(text(subtract(d('10'), d('0.25')))).toBe('9.75');
    expect(text(subtract(d('0.25'), d('10')))).toBe('-9.75');
    expect(compare(d('1.10'), d('1.1'))).toBe(0);
    expect(compare(d('1.09'), d('1.1'))).toBe(-1);
    expect(compare(d('2'), d('1.999999'))).toBe(1);
  });

  it('divides by powers of ten for percentages', () => {
    expect(text(divideByPowerOfTen(d('19'), 2))).toBe('0.19');
    expect(text(multiply(d('191598'), divideByPowerOfTen(d('19'), 2)))).toBe('36403.62');
  });

  it('counts integer digits', () => {
    expect(integerDigits(d('0.5'))).toBe(1);
    expect(integerDigits(d('923.25'))).toBe(3);
    expect(integerDigits(d('999999999999.999999'))).toBe(12);
  });

  it('makes decimals from integers', () => {
    expect(text(decimalFromInteger(42n))).toBe('42');
    expect(() => decimalFromInteger(0.5)).toThrow(RangeError);
  });
});

describe('roundHalfUp', () => {
  it.each([
    ['0.5', 1n],
    ['1.5', 2n],
    ['2.5', 3n], // banker's rounding would give 2
    ['36403.5', 36404n],
    ['36403.49', 36403n],
    ['36403.62', 36404n],
    ['0.4999999999', 0n],
    ['7969.5', 7970n],
    ['-0.5', -1n],
    ['-2.4', -2n],
    ['12', 12n],
    ['123456789012345678901234567890.5', 123456789012345678901234567891n],
  ])('rounds %s to %s', (input, expected) => {
    expect(roundHalfUp(d(input))).toBe(expected);
  });

  it('rounds 1.005 × 100 to 101, where floats give 100', () => {
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(roundHalfUp(multiply(read(1.005), d('100')))).toBe(101n);
  });
});
