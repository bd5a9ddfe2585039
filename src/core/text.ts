/**
 * Free text for SII XML files, which are ISO-8859-1 (Latin-1). Characters outside Latin-1 must be
 * transliterated or refused before a document is signed: after signing, any change breaks the
 * signature, and the SII rejects a file it cannot decode.
 */

/** The outcome of preparing a text for the XML: the text to write, or which character cannot be written. */
export type XmlTextResult = { ok: true; text: string } | { ok: false; character: string; message: string };

/**
 * Common typographic characters outside Latin-1 and what is written instead. Word processors and
 * ERPs produce these constantly, and each has an obvious Latin-1 equivalent.
 */
const TRANSLITERATIONS: ReadonlyMap<string, string> = new Map([
  ['\u2018', "'"], // ‘ left single quotation mark
  ['\u2019', "'"], // ’ right single quotation mark (also the typographic apostrophe)
  ['\u201A', "'"], // ‚ single low-9 quotation mark
  ['\u201B', "'"], // ‛ single high-reversed-9 quotation mark
  ['\u2032', "'"], // ′ prime
  ['\u201C', '"'], // “ left double quotation mark
  ['\u201D', '"'], // ” right double quotation mark
  ['\u201E', '"'], // „ double low-9 quotation mark
  ['\u2033', '"'], // ″ double prime
  ['\u2010', '-'], // ‐ hyphen
  ['\u2011', '-'], // ‑ non-breaking hyphen
  ['\u2012', '-'], // ‒ figure dash
  ['\u2013', '-'], // – en dash
  ['\u2014', '-'], // — em dash
  ['\u2015', '-'], // ― horizontal bar
  ['\u2212', '-'], // − minus sign
  ['\u2026', '...'], // … horizontal ellipsis
  ['\u2022', '-'], // • bullet
  ['\u20AC', 'EUR'], // € euro sign
  ['\u2122', 'TM'], // ™ trade mark sign
  ['\u2002', ' '], // en space
  ['\u2003', ' '], // em space
  ['\u2009', ' '], // thin space
  ['\u2007', '\u00A0'], // figure space, a non-breaking space
  ['\u202F', '\u00A0'], // narrow no-break space
  ['\u200B', ''], // zero-width space
  ['\u2060', ''], // word joiner
  ['\uFEFF', ''], // zero-width no-break space (a stray byte-order mark)
]);

const LINE_BREAKS = /\r\n?/g;

/** Writes a code point as `U+0041`, `U+1F600`. */
function codePointLabel(codePoint: number): string {
  return 'U+' + codePoint.toString(16).toUpperCase().padStart(4, '0');
}

/** Whether a code point is a control character other than tab and line feed (C0, DEL and C1). */
function isRefusedControl(codePoint: number): boolean {
  if (codePoint === 0x09 || codePoint === 0x0a) return false;
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/**
 * Prepares a free-text value for an ISO-8859-1 XML file: NFC-normalises it (so "n" + combining tilde
 * becomes "ñ"), turns CR LF and lone CR into LF (XML parsers do the same, and a literal CR would not
 * survive), transliterates the common typographic characters of the table above, and refuses any
 * other character outside Latin-1 and any control character other than tab and line feed.
 */
export function toXmlText(text: string): XmlTextResult {
  const normalized = text.normalize('NFC').replace(LINE_BREAKS, '\n');
  let output = '';
  for (const character of normalized) {
    const replacement = TRANSLITERATIONS.get(character);
    if (replacement !== undefined) {
      output += replacement;
      continue;
    }
    const codePoint = character.codePointAt(0) ?? 0;
    if (isRefusedControl(codePoint)) {
      return { ok: false, character, message: `control character ${codePointLabel(codePoint)} is not allowed` };
    }
    if (codePoint > 0xff) {
      return {
        ok: false,
        character,
        message: `character "${character}" (${codePointLabel(codePoint)}) cannot be written in ISO-8859-1`,
      };
    }
    output += character;
  }
  return { ok: true, text: output };
}

/**
 * Removes diacritics: á → a, Ñ → N, ü → u, ç → c. Used for the TED's RSR and IT1 fields, whose
 * accented letters the SII's PDF417 reader cannot read. Letters without a decomposition (ø, ß, æ) are
 * kept as they are.
 */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** Cuts a text to at most `maximum` characters (code points, so a surrogate pair is never split). */
export function truncate(text: string, maximum: number): string {
  if (!Number.isInteger(maximum) || maximum < 0) throw new RangeError(`Expected a non-negative integer, got ${maximum}.`);
  const characters = Array.from(text);
  return characters.length <= maximum ? text : characters.slice(0, maximum).join('');
}
