import { foldAccents, tokenize } from './spanish-terms.ts';

/**
 * How accounting staff write, turned into the words of the knowledge base before searching:
 * abbreviations ("NC", "fact.", "q", "xq", "pa") are written out, and English words of the domain get
 * their Spanish word beside them (the entries' Spanish fields weigh more than their English rule).
 * Misspellings that sound alike ("iba", "rechaso", "gia") are met by the sound key of spanish-terms.ts.
 */

/** Abbreviations and chat spellings, by their folded form. An empty string drops the word. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  nc: 'nota credito',
  ncs: 'nota credito',
  nd: 'nota debito',
  nds: 'nota debito',
  fe: 'factura electronica',
  fact: 'factura',
  facts: 'facturas',
  fac: 'factura',
  fct: 'factura',
  gd: 'guia despacho',
  desp: 'despacho',
  rcv: 'registro compras ventas',
  rvd: 'resumen ventas diarias',
  ted: 'timbre electronico',
  // Chat spellings of common words: they become the common word, which the search then ignores.
  q: 'que',
  k: 'que',
  ke: 'que',
  xq: 'por que',
  pq: 'por que',
  porq: 'por que',
  porqe: 'por que',
  x: 'por',
  pa: 'para',
  pal: 'para el',
  d: 'de',
  tb: 'tambien',
  tmb: 'tambien',
  kuanto: 'cuanto',
  kuantos: 'cuantos',
};

/** "N/C", "N.C." and "n/d" are one word each. */
const SLASHED = /\bn\s*[/.]\s*([cd])\b\.?/giu;

/**
 * Words of the domain and other words that mean the same there: English words and their Spanish word
 * (the English word is kept, it still meets the entries' English rule), and Spanish words people use
 * for a word the entries use ("cuánto dura" for the vigencia, "ítems" for the líneas). Each one is a
 * single word of the question with alternatives, so an entry that holds any of them covers it.
 */
const ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  invoice: ['factura'],
  invoices: ['factura'],
  claim: ['reclamar', 'reclamo'],
  claims: ['reclamar', 'reclamo'],
  cancel: ['anular'],
  void: ['anular'],
  annul: ['anular'],
  credit: ['credito'],
  debit: ['debito'],
  note: ['nota'],
  receipt: ['boleta', 'recibo'],
  reference: ['referencia'],
  dispatch: ['despacho'],
  guide: ['guia'],
  vat: ['iva'],
  customer: ['receptor', 'cliente', 'comprador'],
  buyer: ['comprador', 'receptor'],
  assign: ['ceder', 'cesion'],
  deadline: ['plazo'],
  long: ['plazo'],
  days: ['dias'],
  stamp: ['timbre'],
  exempt: ['exenta'],
  lines: ['lineas'],
  keep: ['conservar'],
  input: ['credito'],
  tiempo: ['plazo'],
  dura: ['vigencia', 'vencido', 'valen'],
  duran: ['vigencia', 'vencido', 'valen'],
  durar: ['vigencia', 'vencido', 'valen'],
  items: ['lineas', 'item'],
  item: ['lineas', 'item'],
  guardar: ['conservar'],
  guardo: ['conservar'],
  pido: ['pedir'],
};

/** One word of the question and the words that stand for it. */
export type QueryWord = readonly string[];

/**
 * The question as words with their alternatives: abbreviations written out ("xq me rechazaron la fact"
 * becomes "por que me rechazaron la factura", "NC" the two words "nota" and "credito") and each domain
 * word with the words that mean the same ("claim" with "reclamar" and "reclamo").
 */
export function informalWords(query: string): QueryWord[] {
  return tokenize(query.replace(SLASHED, (_match, letter: string) => ` n${letter} `)).flatMap((word) => {
    const folded = foldAccents(word);
    const written = ABBREVIATIONS[folded];
    if (written !== undefined) return tokenize(written).map((part) => [part]);
    return [[word, ...(ALTERNATIVES[folded] ?? [])]];
  });
}

/** The question written out for the lexical search: every word and its alternatives. */
export function expandInformal(query: string): string {
  return informalWords(query).map((alternatives) => alternatives.join(' ')).join(' ');
}
