import { stemmer } from '@orama/stemmers/spanish';

/**
 * How Spanish text becomes search terms: lower case, accents folded (so "crédito" and "credito" meet),
 * common words dropped, and each word kept both whole and stemmed by the Snowball Spanish stemmer
 * (@orama/stemmers), so that "facturas", "factura" and "facturar" meet while a typo in a whole word can
 * still be caught by fuzzy matching.
 */

/** Words too common to say anything about the topic of a question. */
const STOP_WORDS = new Set([
  'a', 'al', 'algo', 'como', 'con', 'cual', 'cuales', 'cuando', 'de', 'del', 'donde', 'el', 'en', 'es',
  'esta', 'este', 'esto', 'ha', 'hay', 'la', 'las', 'le', 'les', 'lo', 'los', 'me', 'mi', 'mis', 'muy',
  'o', 'para', 'pero', 'por', 'puedo', 'que', 'qué', 'se', 'si', 'sin', 'sobre', 'su', 'sus', 'tengo',
  'un', 'una', 'uno', 'unos', 'unas', 'y', 'ya', 'yo', 'the', 'of', 'to', 'and', 'in', 'is', 'how', 'what',
  // Verbs of asking, too common in questions to tell topics apart.
  'tiene', 'tienen', 'tener', 'puede', 'pueden', 'hacer', 'hago', 'hace', 'quiero', 'necesito', 'debo', 'pasa',
  'lleva', 'llevan', 'llevar', 'lleve', 'uso', 'usar', 'usa', 'usando', 'seguir', 'sigo', 'poner', 'pongo', 'hacerle', 'hacerlo',
  'significa', 'cuanto', 'cuantos', 'cuánto', 'cuántos', 'hoy', 'da', 'dan', 'va', 'van',
  // Greetings and fillers of chat messages.
  'hola', 'porfa', 'ayuda', 'ayudame', 'gracias', 'oye', 'ok', 'bueno', 'entonces', 'ahora', 'tambien', 'también',
  // English common words (questions come in English too).
  'an', 'at', 'my', 'i', 'do', 'does', 'did', 'can', 'could', 'have', 'has', 'for', 'on', 'it', 'this',
  'that', 'be', 'are', 'was', 'with', 'you', 'your', 'we', 'our', 'should', 'need', 'which', 'when', 'there', 'about',
  'use', 'used', 'yet', 'haven', 'get', 'want', 'if', 'will', 'would', 'from', 'or', 'not', 'no', 's', 't',
]);

/** Lower case without diacritics: "Guía" becomes "guia"; "ñ" stays as "n". */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** Splits text into words: letters and digits, keeping "CAF-3-517"-like codes together. */
export function tokenize(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}-]+/u)
    .flatMap((word) => (/^\p{L}+-\p{L}+$/u.test(word) ? word.split('-') : [word]))
    .filter((word) => word !== '' && word !== '-');
}

/** Whether a word says nothing about the topic of a question. */
export function isStopWord(word: string): boolean {
  const lower = word.toLowerCase();
  return STOP_WORDS.has(lower) || STOP_WORDS.has(foldAccents(lower));
}

/** The first letter of a sound key: a key never equals a word. */
export const SOUND_KEY_MARK = '~';

/**
 * A key of how a folded Spanish word sounds, so that spellings that sound alike meet: "iba" and "iva",
 * "rechaso" and "rechazo", "lleba" and "lleva", "gia" and "guia", "kuanto" and "cuanto". Written
 * spelling rules of Chilean Spanish only (b/v, c/s/z before e and i, c/k/qu, silent h, ll/y, gu before
 * e and i); it never joins words that sound different.
 */
export function soundKey(folded: string): string {
  const key = folded
    .replace(/qu(?=[ei])/g, 'k')
    .replace(/gu(?=[ei])/g, 'g')
    .replace(/c(?=[ei])/g, 's')
    .replace(/c(?!h)/g, 'k')
    .replace(/z/g, 's')
    .replace(/v/g, 'b')
    .replace(/(?<!c)h/g, '')
    .replace(/ll/g, 'y')
    .replace(/(.)\1+/g, '$1');
  return `${SOUND_KEY_MARK}${key}`;
}

/**
 * The terms one word contributes: none for a common word, otherwise the folded word, its stems
 * (stemmed before and after folding, since the stemmer knows "-ción" but not "-cion"), and the sound
 * keys of the word and of its stems.
 */
export function termsOf(word: string): string[] {
  const lower = word.toLowerCase();
  const folded = foldAccents(lower);
  if (folded.length === 0 || isStopWord(lower)) return [];
  if (/\d/.test(folded)) return [folded];
  const stems = [foldAccents(stemmer(lower)), stemmer(folded)].filter((stem) => stem.length >= 3);
  const plain = [...new Set([folded, ...stems])];
  return [...new Set([...plain, ...plain.map(soundKey)])];
}
