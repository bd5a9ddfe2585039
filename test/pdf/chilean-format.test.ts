import { describe, expect, it } from 'vitest';
import { formatDate, formatLongDate, formatNumber, formatPesos, formatRut, yearOf } from '../../src/pdf/chilean-format.ts';

describe('Chilean numbers, RUTs and dates', () => {
  it('groups thousands with dots and writes decimals after a comma, without trailing zeros', () => {
    expect(formatNumber('159869')).toBe('159.869');
    expect(formatNumber('1937.25')).toBe('1.937,25');
    expect(formatNumber('30276.00')).toBe('30.276');
    expect(formatNumber('0.000001')).toBe('0,000001');
    expect(formatNumber('999')).toBe('999');
    expect(formatNumber('1000000')).toBe('1.000.000');
    expect(formatNumber('-4541')).toBe('-4.541');
    expect(formatPesos('19984')).toBe('$ 19.984');
  });

  it('prints what is not a number as written', () => {
    expect(formatNumber('1e5')).toBe('1e5');
    expect(formatNumber('')).toBe('');
  });

  it('writes RUTs with their dots and a capital K', () => {
    expect(formatRut('76192083-9')).toBe('76.192.083-9');
    expect(formatRut('60803000-k')).toBe('60.803.000-K');
    expect(formatRut('1-9')).toBe('1-9');
    expect(formatRut('76.192.083-9')).toBe('76.192.083-9');
    expect(formatRut('not a rut')).toBe('not a rut');
  });

  it('writes dates day first, and in words with the month in Spanish', () => {
    expect(formatDate('2026-11-01')).toBe('01-11-2026');
    expect(formatLongDate('2026-11-01')).toBe('1 de noviembre de 2026');
    expect(formatLongDate('2019-08-08')).toBe('8 de agosto de 2019');
    expect(formatLongDate('2019-13-08')).toBe('2019-13-08');
    expect(yearOf('2014-08-22')).toBe('2014');
  });
});
