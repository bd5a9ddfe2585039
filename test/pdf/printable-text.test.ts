import { describe, expect, it } from 'vitest';
import { printableText, REPLACEMENT } from '../../src/pdf/printable-text.ts';

describe('text for the standard fonts', () => {
  it('keeps Latin-1 and the typographic characters of WinAnsi as they are', () => {
    const text = 'Ñandú & Cía. <"áéíóú"> ¿¡°ºª§ € ‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
    expect(printableText(text)).toBe(text);
  });

  it('replaces what the fonts lack: the letter without its accent, a close equivalent, or a question mark', () => {
    expect(printableText('Ősz Ţara')).toBe('Osz Tara');
    expect(printableText('a\u2212b\u2011c')).toBe('a-b-c');
    expect(printableText('漢字 Ω 😀')).toBe(`${REPLACEMENT}${REPLACEMENT} ${REPLACEMENT} ${REPLACEMENT}`);
    expect(printableText('cero\u200Banchos')).toBe('ceroanchos');
  });

  it('composes decomposed accents first, so they are not lost', () => {
    expect(printableText('n\u0303andu\u0301')).toBe('ñandú');
  });

  it('turns line breaks, tabs and runs of spaces into one space unless told to keep line breaks', () => {
    expect(printableText('uno\r\ndos\tTres   cuatro')).toBe('uno dos Tres cuatro');
    expect(printableText('uno\r\ndos', true)).toBe('uno\ndos');
    expect(printableText('bell\u0007 del\u007F c1\u0085')).toBe(`bell${REPLACEMENT} del${REPLACEMENT} c1${REPLACEMENT}`);
  });
});
