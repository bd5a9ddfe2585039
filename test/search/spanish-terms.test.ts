import { describe, expect, it } from 'vitest';
import { foldAccents, termsOf } from '../../src/search/spanish-terms.ts';

describe('Spanish terms', () => {
  it('folds accents and case', () => {
    expect(foldAccents('Guía de Despacho Ñuñoa')).toBe('guia de despacho nunoa');
  });

  it('keeps the whole word and its stems, and drops common words', () => {
    expect(termsOf('anulación')).toEqual(expect.arrayContaining(['anulacion', 'anul']));
    expect(termsOf('facturas')).toContain('factur');
    expect(termsOf('de')).toEqual([]);
    expect(termsOf('CAF-3-517')).toEqual(['caf-3-517']);
  });
});
