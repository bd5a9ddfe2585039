import type { CatalogEntry, CodeCatalog } from '../ports/code-catalog.ts';

/**
 * Finds the SII codes a question names, as people write them: revision codes with hyphens, spaces or
 * in lower case ("REF-3-750", "ref 3 750", "REF 3-750"), the states of an upload or a document ("EPR",
 * "estado rct", "DOK") and the upload's STATUS ("STATUS 7"). It only recognises: what a code means
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
  for (const match of text.matchAll(UPLOAD_STATUS)) {
    if (catalog.lookup(match[1]!).some((entry) => entry.table === 'upload_status')) add(match[1]!);
  }
  return found;
}
