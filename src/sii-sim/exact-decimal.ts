/**
 * Exact fractions over BigInt for the simulator's totals check. The SII's quantities and prices carry
 * up to six decimals, which binary floating point cannot hold exactly; the simulator keeps its own
 * arithmetic rather than borrow the issuer's, so that a mistake in one is caught by the other.
 */

/** A fraction numerator / denominator with a positive denominator. */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

const ZERO: Fraction = { numerator: 0n, denominator: 1n };

/** Zero. */
export function zero(): Fraction {
  return ZERO;
}

/** Reads a decimal as the XML writes it (`-12`, `1937.25`, `.5`); undefined when it is not one. */
export function parseDecimal(text: string | undefined): Fraction | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const fractionDigits = match[3] ?? '';
  const magnitude = BigInt(`${match[2] || '0'}${fractionDigits}`);
  return { numerator: match[1] === '-' ? -magnitude : magnitude, denominator: 10n ** BigInt(fractionDigits.length) };
}

/** A whole number as a fraction. */
export function whole(value: number | bigint): Fraction {
  return { numerator: BigInt(value), denominator: 1n };
}

export function add(first: Fraction, second: Fraction): Fraction {
  return { numerator: first.numerator * second.denominator + second.numerator * first.denominator, denominator: first.denominator * second.denominator };
}

export function subtract(first: Fraction, second: Fraction): Fraction {
  return add(first, { numerator: -second.numerator, denominator: second.denominator });
}

export function multiply(first: Fraction, second: Fraction): Fraction {
  return { numerator: first.numerator * second.numerator, denominator: first.denominator * second.denominator };
}

/** `value` × `percent` / 100. */
export function percentOf(value: Fraction, percent: Fraction): Fraction {
  return multiply(value, { numerator: percent.numerator, denominator: percent.denominator * 100n });
}

/** The sum of several fractions. */
export function sum(values: readonly Fraction[]): Fraction {
  return values.reduce(add, ZERO);
}

/**
 * Whether a whole amount written by the issuer is `exact` rounded to the peso in some direction
 * allowed by `tolerance` halves of a peso: with tolerance 1 the amount is within half a peso.
 */
export function withinHalfPesos(amount: Fraction, exact: Fraction, halves = 1): boolean {
  const difference = subtract(amount, exact);
  const magnitude = difference.numerator < 0n ? -difference.numerator : difference.numerator;
  // |difference| ≤ halves / 2  ⇔  2·|numerator| ≤ halves·denominator.
  return 2n * magnitude <= BigInt(halves) * difference.denominator;
}

/** The fraction in decimal notation with up to six decimals, for messages. */
export function formatDecimal(value: Fraction): string {
  const negative = value.numerator < 0n;
  const magnitude = negative ? -value.numerator : value.numerator;
  const scaled = (magnitude * 1_000_000n + value.denominator / 2n) / value.denominator;
  const integer = scaled / 1_000_000n;
  const decimals = (scaled % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${decimals === '' ? '' : `.${decimals}`}`;
}
