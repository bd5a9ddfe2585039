import { describe, expect, it } from 'vitest';
import { stripDiacritics, toXmlText, truncate } from '../../src/core/text.ts';

describe('toXmlText', () => {
  it('keeps Latin-1 text as it is', () => {
    expect(toXmlText('Cajón Pañuelo ÑANDÚ ü ß © ½ B&W <x>')).toEqual({ ok: true, text: 'Cajón Pañuelo ÑANDÚ ü ß © ½ B&W <x>' });
  });

  it('composes decomposed accents (NFC)', () => {
    const decomposed = 'Pan\u0303uelo';
    expect(decomposed).not.toBe('Pañuelo');
    expect(toXmlText(decomposed)).toEqual({ ok: true, text: 'Pañuelo' });
  });

  it.each([
    ['\u201CComillas\u201D', '"Comillas"'],
    ['l\u2019apostrophe \u2018x\u2019', "l'apostrophe 'x'"],
    ['2020\u20132021 \u2014 fin', '2020-2021 - fin'],
    ['espera\u2026', 'espera...'],
    ['\u2022 punto', '- punto'],
    ['\u20AC 100', 'EUR 100'],
    ['1\u202F000', '1\u00A0000'],
    ['no\u2011break', 'no-break'],
    ['zero\u200Bwidth', 'zerowidth'],
  ])('transliterates %j', (input, expected) => {
    expect(toXmlText(input)).toEqual({ ok: true, text: expected });
  });

  it('keeps tabs and line feeds and turns CR LF and CR into LF', () => {
    expect(toXmlText('a\tb\r\nc\rd\ne')).toEqual({ ok: true, text: 'a\tb\nc\nd\ne' });
  });

  it('refuses characters outside Latin-1, naming them', () => {
    expect(toXmlText('ok 😀')).toEqual({
      ok: false,
      character: '😀',
      message: 'character "😀" (U+1F600) cannot be written in ISO-8859-1',
    });
    expect(toXmlText('漢字')).toMatchObject({ ok: false, message: 'character "漢" (U+6F22) cannot be written in ISO-8859-1' });
    expect(toXmlText('Ω')).toMatchObject({ ok: false, character: 'Ω' });
  });

  it('refuses control characters other than tab and line feed', () => {
    expect(toXmlText('bell\u0007')).toMatchObject({ ok: false, message: 'control character U+0007 is not allowed' });
    expect(toXmlText('nul\u0000')).toMatchObject({ ok: false, message: 'control character U+0000 is not allowed' });
    expect(toXmlText('del\u007F')).toMatchObject({ ok: false, message: 'control character U+007F is not allowed' });
    expect(toXmlText('c1\u0085')).toMatchObject({ ok: false, message: 'control character U+0085 is not allowed' });
  });
});

describe('stripDiacritics', () => {
  it('removes accents, tildes and diaereses', () => {
    expect(stripDiacritics('Pañuelo ÑANDÚ Über Ação crème brûlée')).toBe('Panuelo NANDU Uber Acao creme brulee');
  });

  it('keeps letters that have no decomposition', () => {
    expect(stripDiacritics('Øre ß æ')).toBe('Øre ß æ');
  });
});

describe('truncate', () => {
  it('cuts to the given number of characters', () => {
    expect(truncate('Cajón AFECTO', 5)).toBe('Cajón');
    expect(truncate('corto', 40)).toBe('corto');
    expect(truncate('x'.repeat(41), 40)).toHaveLength(40);
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('a😀b', 2)).toBe('a😀');
  });

  it('refuses a negative maximum', () => {
    expect(() => truncate('x', -1)).toThrow(RangeError);
  });
});
