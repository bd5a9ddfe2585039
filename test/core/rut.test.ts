import { describe, expect, it } from 'vitest';
import { computeCheckDigit, inspectRut, isValidRut, parseRut } from '../../src/core/rut.ts';

describe('computeCheckDigit', () => {
  it('computes the modulo-11 digit of known RUTs', () => {
    // 76192083: digits from the right 3,8,0,2,9,1,6,7 × weights 2,3,4,5,6,7,2,3 = 6+24+0+10+54+7+12+21 = 134;
    // 134 mod 11 = 2; 11 − 2 = 9.
    expect(computeCheckDigit(76192083)).toBe('9');
    // 60803000 (the SII): 0,0,0,3,0,8,0,6 × 2,3,4,5,6,7,2,3 = 15+56+18 = 89; 89 mod 11 = 1; 11 − 1 = 10 → K.
    expect(computeCheckDigit(60803000)).toBe('K');
    // 11111111: 2+3+4+5+6+7+2+3 = 32; 32 mod 11 = 10; 11 − 10 = 1.
    expect(computeCheckDigit(11111111)).toBe('1');
  });

  it('writes 11 as 0 and 10 as K', () => {
    // 14: 4×2 + 1×3 = 11; 11 mod 11 = 0; 11 − 0 = 11 → 0.
    expect(computeCheckDigit(14)).toBe('0');
    // 6: 6×2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → K.
    expect(computeCheckDigit(6)).toBe('K');
  });

  it('refuses a body that is not a non-negative integer', () => {
    expect(() => computeCheckDigit(-1)).toThrow(RangeError);
    expect(() => computeCheckDigit(1.5)).toThrow(RangeError);
  });
});

describe('parseRut', () => {
  it('accepts the plain and the dotted form and returns the canonical one', () => {
    expect(parseRut('76192083-9')).toEqual({ body: 76192083, checkDigit: '9', canonical: '76192083-9' });
    expect(parseRut('76.192.083-9')).toEqual({ body: 76192083, checkDigit: '9', canonical: '76192083-9' });
  });

  it('accepts a lower-case k and writes it upper-case', () => {
    expect(parseRut('60803000-k')?.canonical).toBe('60803000-K');
    expect(parseRut('60.803.000-K')?.canonical).toBe('60803000-K');
  });

  it('refuses a wrong check digit', () => {
    expect(parseRut('76192083-8')).toBeUndefined();
    expect(parseRut('60803000-0')).toBeUndefined();
  });

  it.each([
    ['no hyphen', '761920839'],
    ['dots in the wrong places', '7.6192.083-9'],
    ['letters in the body', '76I92083-9'],
    ['a check digit that is neither a digit nor K', '76192083-X'],
    ['spaces', ' 76192083-9'],
    ['a body too long for the schema', '123456789-5'],
    ['an empty body', '-9'],
    ['a zero body', '0-0'],
  ])('refuses %s', (_case, text) => {
    expect(parseRut(text)).toBeUndefined();
    expect(inspectRut(text).kind).toBe('malformed');
  });
});

describe('inspectRut', () => {
  it('says which check digit a RUT should have', () => {
    expect(inspectRut('76.192.083-k')).toEqual({ kind: 'wrong-check-digit', body: 76192083, given: 'K', expected: '9' });
  });

  it('agrees with isValidRut', () => {
    expect(isValidRut('76192083-9')).toBe(true);
    expect(isValidRut('76192083-1')).toBe(false);
    expect(isValidRut('hello')).toBe(false);
  });
});
