import { describe, expect, it } from 'vitest';
import { expandInformal, informalWords } from '../../src/search/informal-spanish.ts';
import { soundKey, termsOf } from '../../src/search/spanish-terms.ts';

describe('informal Spanish', () => {
  it('writes out abbreviations and chat spellings', () => {
    expect(expandInformal('xq me rechazaron la fact')).toBe('por que me rechazaron la factura');
    expect(expandInformal('q es una NC')).toBe('que es una nota credito');
    expect(expandInformal('la N/D y la n.c.')).toBe('la nota debito y la nota credito');
    expect(expandInformal('pa k sirve')).toBe('para que sirve');
  });

  it('keeps an English domain word with its Spanish words, as one word of the question', () => {
    expect(informalWords('claim an invoice')).toEqual([['claim', 'reclamar', 'reclamo'], ['an'], ['invoice', 'factura']]);
    expect(informalWords('NC')).toEqual([['nota'], ['credito']]);
  });

  it('gives words that sound alike the same sound key, and words that sound different different keys', () => {
    expect(soundKey('iba')).toBe(soundKey('iva'));
    expect(soundKey('rechaso')).toBe(soundKey('rechazo'));
    expect(soundKey('lleba')).toBe(soundKey('lleva'));
    expect(soundKey('gia')).toBe(soundKey('guia'));
    expect(soundKey('kuanto')).toBe(soundKey('cuanto'));
    expect(soundKey('chile')).not.toBe(soundKey('sile'));
    expect(soundKey('folio')).not.toBe(soundKey('folia'));
    expect(termsOf('rechasaron')).toEqual(expect.arrayContaining([soundKey('rechaz')]));
  });
});
