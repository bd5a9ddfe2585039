import { readFileSync } from 'node:fs';

/**
 * The SII's codes and what they mean, from resources/sii-codes.json (each entry cites its source:
 * the SII's manuals where they say it, well-known libraries where they do not).
 */

/** The catalog's tables this client reads. */
export type CatalogTable =
  | 'upload_status'
  | 'crseed_estado'
  | 'gettoken_estado'
  | 'queryestup_estado'
  | 'queryestdte_estado'
  | 'boleta_rest_envio_estado';

interface CatalogFile {
  [table: string]: { codes?: Record<string, [string, string?] | string>; subcodes?: Record<string, Record<string, string>> } | undefined;
}

interface RevisionEntry {
  code: string;
  text: string;
}

/** Where the catalog lives: the project's resources, so that the service works without ../shared. */
export const CATALOG_PATH = new URL('../../resources/sii-codes.json', import.meta.url);

let loaded: { tables: CatalogFile; revisions: Map<string, string> } | undefined;

function catalog(): { tables: CatalogFile; revisions: Map<string, string> } {
  if (loaded === undefined) {
    const file = JSON.parse(readFileSync(CATALOG_PATH, 'utf8')) as CatalogFile & {
      revision_detail_codes?: { codes?: RevisionEntry[] };
    };
    const revisions = new Map<string, string>();
    for (const entry of file.revision_detail_codes?.codes ?? []) {
      // Keys such as "CRT-3-11 (REST)" carry a note after the code; the code is the first word.
      const code = /^[A-Z]{2,4}-\d-\d+/.exec(entry.code)?.[0];
      if (code !== undefined && !revisions.has(code)) revisions.set(code, withoutNote(entry.text));
    }
    loaded = { tables: file, revisions };
  }
  return loaded;
}

/** The meaning of a code in one of the catalog's tables, or undefined when the catalog lacks it. */
export function meaningOf(table: CatalogTable, code: string): string | undefined {
  const entry = catalog().tables[table]?.codes?.[code];
  if (entry === undefined) return undefined;
  return withoutNote(typeof entry === 'string' ? entry : entry[0]);
}

/** Words of the catalog's own notes (in English, about sources), as opposed to the SII's wording. */
const NOTE_WORDS = /\b(?:verdict|seen in|label|see|intermediate|observed|help text|unverified|Odoo|LibreDTE|REST)\b|\bej\./i;

/**
 * The SII's wording without a final parenthesis that is the catalog's note: "Envío Recibido (seen in
 * libs; boleta REST)" becomes "Envío Recibido"; "Cookie Inactivo (o Token Inactivo)" stays whole;
 * "observed: '…' (…)" becomes the quoted words.
 */
export function withoutNote(text: string): string {
  // "observed: 'Usuario sin permiso de envío' (…)": the quoted words are the SII's.
  const observed = /^observed:\s*'([^']+)'/.exec(text.trim());
  if (observed?.[1] !== undefined) return observed[1];
  const trimmed = text.trim();
  if (!trimmed.endsWith(')')) return trimmed;
  let depth = 0;
  for (let index = trimmed.length - 1; index >= 0; index -= 1) {
    if (trimmed[index] === ')') depth += 1;
    else if (trimmed[index] === '(') depth -= 1;
    if (depth === 0) {
      const note = trimmed.slice(index + 1, -1);
      const rest = trimmed.slice(0, index).trim();
      return NOTE_WORDS.test(note) && rest !== '' ? rest : trimmed;
    }
  }
  return trimmed;
}

/** The meaning of a sub-code of QueryEstUp's ESTADO -11 (ERR_CODE, SQL_CODE, SRV_CODE). */
export function subcodeMeaning(kind: 'ERR_CODE' | 'SQL_CODE' | 'SRV_CODE', code: string): string | undefined {
  return catalog().tables.queryestup_estado?.subcodes?.[kind]?.[code];
}

/** The meaning of a revision code such as `DTE-3-101`, or undefined when the catalog lacks it. */
export function revisionCodeMeaning(code: string): string | undefined {
  return catalog().revisions.get(code);
}
