/**
 * Chilean RUT (Rol Único Tributario) numbers: parsing, the modulo-11 check digit and the canonical
 * form the SII's schemas want (`RUTType`: digits, a hyphen and the check digit, no dots, upper-case K).
 */

/** A RUT whose check digit is right. */
export interface Rut {
  /** The number before the hyphen, e.g. 76192083. */
  body: number;
  /** `0`–`9` or `K`. */
  checkDigit: string;
  /** The form written in SII XML, e.g. `76192083-9`. */
  canonical: string;
}

/**
 * What a text holds when read as a RUT: a valid RUT, a well-formed RUT whose check digit is wrong
 * (with the digit it should have, so a message can say so), or something that is not a RUT at all.
 */
export type RutInspection =
  | { kind: 'valid'; rut: Rut }
  | { kind: 'wrong-check-digit'; body: number; given: string; expected: string }
  | { kind: 'malformed' };

/** The largest body that fits the schemas' ten characters (`99999999-9`). */
export const MAXIMUM_RUT_BODY = 99_999_999;

const RUT_PATTERN = /^(\d{1,3}(?:\.\d{3})+|\d+)-([0-9kK])$/;

/**
 * Computes the check digit of a RUT body with the modulo-11 algorithm: the digits, from the right,
 * are weighted 2, 3, 4, 5, 6, 7, 2, 3, …; 11 minus the sum modulo 11 gives the digit, where 11 is
 * written `0` and 10 is written `K`.
 */
export function computeCheckDigit(body: number): string {
  if (!Number.isSafeInteger(body) || body < 0) {
    throw new RangeError(`A RUT body must be a non-negative integer, got ${body}.`);
  }
  let remaining = body;
  let weight = 2;
  let sum = 0;
  do {
    sum += (remaining % 10) * weight;
    remaining = Math.floor(remaining / 10);
    weight = weight === 7 ? 2 : weight + 1;
  } while (remaining > 0);
  const value = 11 - (sum % 11);
  if (value === 11) return '0';
  if (value === 10) return 'K';
  return String(value);
}

/**
 * Reads a RUT written as `76192083-9` or `76.192.083-9` (lower-case `k` accepted) and tells whether
 * it is valid, has a wrong check digit, or is not a RUT. Bodies above 99,999,999 do not fit the
 * schemas and count as malformed.
 */
export function inspectRut(text: string): RutInspection {
  const match = RUT_PATTERN.exec(text);
  if (match === null) return { kind: 'malformed' };
  const body = Number((match[1] ?? '').replaceAll('.', ''));
  const given = (match[2] ?? '').toUpperCase();
  if (body < 1 || body > MAXIMUM_RUT_BODY) return { kind: 'malformed' };
  const expected = computeCheckDigit(body);
  if (given !== expected) return { kind: 'wrong-check-digit', body, given, expected };
  return { kind: 'valid', rut: { body, checkDigit: expected, canonical: `${body}-${expected}` } };
}

/** Parses a RUT, returning it in canonical form, or `undefined` when it is malformed or its check digit is wrong. */
export function parseRut(text: string): Rut | undefined {
  const inspection = inspectRut(text);
  return inspection.kind === 'valid' ? inspection.rut : undefined;
}

/** Whether a text is a RUT with the right check digit. */
export function isValidRut(text: string): boolean {
  return inspectRut(text).kind === 'valid';
}
