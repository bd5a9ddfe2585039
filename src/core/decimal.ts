/**
 * Exact decimal arithmetic on BigInt for amounts, quantities and percentages. A binary float never
 * holds an amount: 0.1 × 3 must be 0.3, and 36403.5 must round to 36404, not sometimes 36403.
 */

/** The number `coefficient / 10^scale`, e.g. `{ coefficient: 1235n, scale: 1 }` is 123.5. */
export interface Decimal {
  readonly coefficient: bigint;
  readonly scale: number;
}

/** Why a value could not be read as a decimal. */
export type DecimalRefusal =
  /** Not a finite decimal written as digits (NaN, Infinity, `"1e5"`, `"12,5"`, an object…). */
  | 'not-a-decimal'
  /** More decimals than allowed, including numbers JavaScript writes with a negative exponent (1e-7). */
  | 'too-many-decimals'
  /** An integer beyond Number.MAX_SAFE_INTEGER given as a JSON number: its digits are already lost. */
  | 'unsafe-integer';

export type DecimalParse = { ok: true; value: Decimal } | { ok: false; refusal: DecimalRefusal };

export interface DecimalParseOptions {
  /** The most digits allowed after the decimal point. */
  maximumFractionDigits: number;
}

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Zero, as a decimal. */
export const ZERO: Decimal = { coefficient: 0n, scale: 0 };

/**
 * Reads a JSON number or a decimal string such as `"923"`, `"0.125"` or `"-4.50"`. Numbers are read
 * through their shortest string form (`String(n)`), so 0.1 is read as exactly 0.1; a number that
 * JavaScript writes with an exponent is refused (1e-7 as having too many decimals, 1e21 as unsafe).
 * Strings must be plain digits with an optional sign and fraction: no exponent, spaces or commas.
 */
export function parseDecimal(input: unknown, options: DecimalParseOptions): DecimalParse {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, refusal: 'not-a-decimal' };
    if (Number.isInteger(input) && !Number.isSafeInteger(input)) return { ok: false, refusal: 'unsafe-integer' };
    text = String(input);
    if (text.includes('e')) return { ok: false, refusal: 'too-many-decimals' };
  } else if (typeof input === 'string') {
    text = input;
  } else {
    return { ok: false, refusal: 'not-a-decimal' };
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return { ok: false, refusal: 'not-a-decimal' };
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > options.maximumFractionDigits) return { ok: false, refusal: 'too-many-decimals' };
  const magnitude = BigInt((match[2] ?? '0') + fraction);
  return { ok: true, value: normalize({ coefficient: match[1] === '-' ? -magnitude : magnitude, scale: fraction.length }) };
}

/** Makes a decimal from an integer. */
export function decimalFromInteger(value: bigint | number): Decimal {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`Expected a safe integer, got ${value}.`);
  }
  return { coefficient: BigInt(value), scale: 0 };
}

/** Reads a canonical decimal string produced by this module; throws on anything else, which is a bug. */
export function decimalFromString(text: string): Decimal {
  const parsed = parseDecimal(text, { maximumFractionDigits: Number.MAX_SAFE_INTEGER });
  if (!parsed.ok) throw new RangeError(`Not a decimal string: ${JSON.stringify(text)}.`);
  return parsed.value;
}

/** a × b, exactly. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return normalize({ coefficient: a.coefficient * b.coefficient, scale: a.scale + b.scale });
}

/** a + b, exactly. */
export function add(a: Decimal, b: Decimal): Decimal {
  const [left, right, scale] = align(a, b);
  return normalize({ coefficient: left + right, scale });
}

/** a − b, exactly. */
export function subtract(a: Decimal, b: Decimal): Decimal {
  const [left, right, scale] = align(a, b);
  return normalize({ coefficient: left - right, scale });
}

/** value / 10^digits, exactly; a percentage p is applied as `multiply(x, divideByPowerOfTen(p, 2))`. */
export function divideByPowerOfTen(value: Decimal, digits: number): Decimal {
  if (!Number.isInteger(digits) || digits < 0) throw new RangeError(`Expected a non-negative integer, got ${digits}.`);
  return normalize({ coefficient: value.coefficient, scale: value.scale + digits });
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [left, right] = align(a, b);
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

/**
 * Rounds to whole units, half away from zero: 0.5 → 1, 2.5 → 3, -0.5 → -1. This is the SII's
 * "redondeo" for amounts (half-up on the non-negative amounts of a document).
 */
export function roundHalfUp(value: Decimal): bigint {
  if (value.scale === 0) return value.coefficient;
  const divisor = 10n ** BigInt(value.scale);
  const magnitude = value.coefficient < 0n ? -value.coefficient : value.coefficient;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return value.coefficient < 0n ? -quotient : quotient;
}

/** The number of digits after the decimal point in the canonical form. */
export function fractionDigits(value: Decimal): number {
  return normalize(value).scale;
}

/** The number of digits before the decimal point (0.5 has 1, 923 has 3). */
export function integerDigits(value: Decimal): number {
  const normalized = normalize(value);
  const magnitude = normalized.coefficient < 0n ? -normalized.coefficient : normalized.coefficient;
  const whole = magnitude / 10n ** BigInt(normalized.scale);
  return whole.toString().length;
}

/** Canonical text: no exponent, no trailing zeros, no leading zeros, `"0"` for zero (`"923"`, `"0.5"`, `"-1.25"`). */
export function formatDecimal(value: Decimal): string {
  const normalized = normalize(value);
  const negative = normalized.coefficient < 0n;
  const digits = (negative ? -normalized.coefficient : normalized.coefficient).toString();
  if (normalized.scale === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(normalized.scale + 1, '0');
  const point = padded.length - normalized.scale;
  return (negative ? '-' : '') + padded.slice(0, point) + '.' + padded.slice(point);
}

/** Brings two decimals to one scale so their coefficients can be added or compared. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [
    a.coefficient * 10n ** BigInt(scale - a.scale),
    b.coefficient * 10n ** BigInt(scale - b.scale),
    scale,
  ];
}

/** Removes trailing zeros of the fraction so that equal numbers have equal representations. */
function normalize(value: Decimal): Decimal {
  let { coefficient, scale } = value;
  while (scale > 0 && coefficient % 10n === 0n) {
    coefficient /= 10n;
    scale -= 1;
  }
  return { coefficient, scale };
}
