/**
 * Text for the PDF's standard fonts (Helvetica), which hold the WinAnsi set: Latin-1 and a few
 * typographic characters. A received document may carry anything UTF-8 can; what the fonts lack is
 * replaced, so that a render never fails or prints a broken glyph for it.
 */

/** Characters of WinAnsi above Latin-1 (code points 0x80–0x9F in the font's encoding). */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Close equivalents of common characters that the fonts lack. */
const EQUIVALENTS: ReadonlyMap<string, string> = new Map([
  ['\u2010', '-'], ['\u2011', '-'], ['\u2012', '-'], ['\u2212', '-'],
  ['\u2032', "'"], ['\u2033', '"'], ['\u201B', "'"],
  ['\u2002', ' '], ['\u2003', ' '], ['\u2009', ' '], ['\u2007', ' '], ['\u202F', ' '],
  ['\u200B', ''], ['\u2060', ''], ['\uFEFF', ''],
]);

/** What stands for a character the fonts cannot show. */
export const REPLACEMENT = '?';

/** Whether the standard fonts have a glyph for the character (one UTF-16 unit). */
function printable(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0xff) return true;
  return WIN_ANSI_EXTRAS.has(character);
}

/**
 * The text as the standard fonts can print it. Line breaks become spaces and runs of spaces one (both
 * stay with `keepLineBreaks`); other control characters and characters the fonts lack are replaced
 * by a close equivalent, by the letter without its accent (`ő` → `o`), or by `?`. Latin-1 and
 * WinAnsi text is otherwise returned unchanged.
 */
export function printableText(text: string, keepLineBreaks = false): string {
  let result = '';
  for (const character of text.normalize('NFC')) {
    if (character.length === 1 && printable(character)) {
      result += character;
    } else if (character === '\n' || character === '\t') {
      result += keepLineBreaks && character === '\n' ? '\n' : ' ';
    } else if (character === '\r') {
      result += keepLineBreaks ? '' : ' ';
    } else {
      result += substitute(character);
    }
  }
  return keepLineBreaks ? result : result.replace(/ {2,}/g, ' ');
}

function substitute(character: string): string {
  const equivalent = EQUIVALENTS.get(character);
  if (equivalent !== undefined) return equivalent;
  const base = character.normalize('NFKD').replace(/\p{M}/gu, '');
  if (base !== '' && base !== character && [...base].every((part) => part.length === 1 && printable(part))) return base;
  return REPLACEMENT;
}
