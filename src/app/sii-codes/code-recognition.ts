import type { CatalogEntry, CodeCatalog } from '../ports/code-catalog.ts';

/**
 * Finds the SII codes a question names, as people write them: revision codes with hyphens, spaces or
 * in lower case ("REF-3-750", "ref 3 750", "REF 3-750"), the states of an upload or a document ("EPR",
 * "estado rct", "DOK"), the upload's STATUS ("STATUS 7") and the numeric codes of the other services, by the
 * service the question names ("codResp 8", "getToken … estado -07", "EstadoRecepDTE 3"), returned qualified by
 * their table ("registroreclamo_codResp:8") since the same number means something else elsewhere. It only recognises: what a code means
 * comes from the catalog through explain_sii_codes.
 */

/** The families of the catalog's revision codes (revision_detail_codes of resources/sii-codes.json). */
export const REVISION_FAMILIES: readonly string[] = ['CAF', 'CRT', 'DTE', 'ENV', 'HED', 'REF', 'TED'];

/** The tables whose codes are states people read in the SII's answers. */
const STATE_TABLES: readonly CatalogEntry['table'][] = ['queryestup_estado', 'queryestdte_estado', 'boleta_rest_envio_estado'];

/** A revision code with hyphens ("CAF-3-517", any family, as before) or with spaces (known families only). */
const HYPHENATED = /(?<![\p{L}\p{N}])([a-z]{3})-(\d)-(\d{1,4})(?![\p{L}\p{N}])/giu;
const SPACED = /(?<![\p{L}\p{N}])([a-z]{3})[\s-]*(\d)[\s-]+(\d{1,4})(?![\p{L}\p{N}])/giu;
/** A word of three letters, not part of a code ("CRT-3-19") nor of a longer word. */
const THREE_LETTERS = /(?<![\p{L}\p{N}-])([a-z]{3})(?![\p{L}\p{N}]|[\s-]*\d)/giu;
/** Words before a state that say it is one: "estado RCT", "el status rpr", "código DOK". */
const STATE_WORD = /\b(?:estado|status|state|c[oó]digo|code)\s+(?:(?:el|la|de|del|es|is|of|the)\s+)?$/i;
/** The upload's STATUS: "STATUS 7", "<STATUS>5</STATUS>", "status: 99". */
const UPLOAD_STATUS = /\bstatus\s*(?:>|:|=)?\s*(\d{1,2})\b/gi;
/** A number after a word that names its table directly: "codResp 8", "EstadoRecepDTE 3", "EstadoDTE: 1". */
const NAMED_NUMBER: ReadonlyArray<{ word: RegExp; table: string }> = [
  { word: /\bcod\.?\s*resp\b\s*(?:>|:|=)?\s*(-?\d{1,2})\b/gi, table: 'registroreclamo_codResp' },
  { word: /\bestado\s*recep\s*env\b\s*(?:>|:|=)?\s*(\d{1,2})\b/gi, table: 'EstadoRecepEnv' },
  { word: /\bestado\s*recep\s*dte\b\s*(?:>|:|=)?\s*(\d{1,2})\b/gi, table: 'EstadoRecepDTE' },
  { word: /\bestado\s*dte\b\s*(?:>|:|=)?\s*(\d{1,2})\b/gi, table: 'EstadoDTE(ResultadoDTE)' },
];
/** "estado -07", "ESTADO 05", "state 21", "responde 11": a state number, read in the table of the service the question names. */
const STATE_NUMBER = /\b(?:estado|state|status|c[oó]digo|code|responde|returns?|devuelve|da)\s*(?:>|:|=)?\s*(-?\d{1,3})\b/gi;
/** The services whose states are numbers, by the words that name them (the first that matches wins). */
const SERVICE_WORDS: ReadonlyArray<{ word: RegExp; table: string }> = [
  { word: /\b(?:get\s*token|token)\b/i, table: 'gettoken_estado' },
  { word: /\b(?:get\s*seed|cr\s*seed|semilla|seed)\b/i, table: 'crseed_estado' },
  { word: /\b(?:ws\s*dte\s*correo|correo|e-?mail|mail)\b/i, table: 'wsdtecorreo_estado' },
  { word: /\b(?:recepci[oó]n\s*envio|recepcion\s*envío|recepcionenvio|recep\s*env)\b/i, table: 'EstadoRecepEnv' },
  { word: /\b(?:resultado\s*dte|aprobaci[oó]n comercial)\b/i, table: 'EstadoDTE(ResultadoDTE)' },
  { word: /\b(?:registro de reclamos?|reclam\w*|acuse)\b/i, table: 'registroreclamo_codResp' },
];

/** Words that are also codes ("and", "fan"): a code only in upper case or after "estado". */
const COMMON_WORDS: ReadonlySet<string> = new Set(['and', 'fan']);

/** The codes a text names, upper-cased and written as the catalog writes them, in order, without repeats. */
export function codesInText(text: string, catalog: CodeCatalog): string[] {
  const found: string[] = [];
  const add = (code: string): void => {
    if (!found.includes(code)) found.push(code);
  };
  for (const match of text.matchAll(HYPHENATED)) add(`${match[1]!.toUpperCase()}-${match[2]}-${match[3]}`);
  for (const match of text.matchAll(SPACED)) {
    const family = match[1]!.toUpperCase();
    if (REVISION_FAMILIES.includes(family)) add(`${family}-${match[2]}-${match[3]}`);
  }
  const rest = text.replace(SPACED, ' ').replace(HYPHENATED, ' ');
  for (const match of rest.matchAll(THREE_LETTERS)) {
    const word = match[1]!;
    const code = word.toUpperCase();
    if (!catalog.lookup(code).some((entry) => STATE_TABLES.includes(entry.table))) continue;
    const afterStateWord = STATE_WORD.test(rest.slice(0, match.index));
    if (word === code || afterStateWord || !COMMON_WORDS.has(word.toLowerCase())) add(code);
  }
  for (const code of serviceCodes(text, catalog)) add(code);
  if (found.some((code) => code.includes(':'))) return found;
  for (const match of text.matchAll(UPLOAD_STATUS)) {
    if (catalog.lookup(match[1]!).some((entry) => entry.table === 'upload_status')) add(match[1]!);
  }
  return found;
}

/** The numeric codes of a named service, qualified by their table, where the catalog has them. */
function serviceCodes(text: string, catalog: CodeCatalog): string[] {
  const codes: string[] = [];
  const known = (table: string, number: string): string | undefined => {
    for (const code of new Set([number, number.replace(/^(-?)0+(?=\d)/, '$1'), number.length === 1 ? `0${number}` : number])) {
      if (catalog.lookup(`${table}:${code}`).length > 0) return `${table}:${code}`;
    }
    return undefined;
  };
  for (const { word, table } of NAMED_NUMBER) {
    for (const match of text.matchAll(word)) {
      const code = known(table, match[1]!);
      if (code !== undefined && !codes.includes(code)) codes.push(code);
    }
  }
  if (codes.length > 0) return codes;
  const service = SERVICE_WORDS.find(({ word }) => word.test(text));
  if (service === undefined) return codes;
  for (const match of text.matchAll(STATE_NUMBER)) {
    const code = known(service.table, match[1]!);
    if (code !== undefined && !codes.includes(code)) codes.push(code);
  }
  return codes;
}
