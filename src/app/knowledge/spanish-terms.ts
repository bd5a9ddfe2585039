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
  'significa', 'cuanto', 'cuantos', 'cuánto', 'cuántos', 'hoy',
]);

/**
 * Abbreviations accounting staff write, expanded before searching: "NC" is a nota de crédito.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  nc: 'nota credito',
  ncs: 'nota credito',
  nd: 'nota debito',
  nds: 'nota debito',
  fe: 'factura electronica',
  gd: 'guia despacho',
  rcv: 'registro compras ventas',
  ted: 'timbre electronico',
};

/** The question with known abbreviations written out ("la nd lleva iva" becomes "la nota debito lleva iva"). */
export function expandAbbreviations(query: string): string {
  return tokenize(query)
    .map((word) => ABBREVIATIONS[foldAccents(word)] ?? word)
    .join(' ');
}

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

/**
 * The terms one word contributes: none for a common word, otherwise the folded word and its stems
 * (stemmed before and after folding, since the stemmer knows "-ción" but not "-cion").
 */
export function termsOf(word: string): string[] {
  const lower = word.toLowerCase();
  const folded = foldAccents(lower);
  if (folded.length === 0 || STOP_WORDS.has(folded) || STOP_WORDS.has(lower)) return [];
  if (/\d/.test(folded)) return [folded];
  const stems = [foldAccents(stemmer(lower)), stemmer(folded)].filter((stem) => stem.length >= 3);
  return [...new Set([folded, ...stems])];
}
