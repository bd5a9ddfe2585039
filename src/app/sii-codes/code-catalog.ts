import type { CatalogEntry, CatalogTable, CodeCatalog } from '../ports/code-catalog.ts';

/**
 * The SII's codes and what they mean, from the text of resources/sii-codes.json (each entry cites
 * its source: the SII's manuals where they say it, well-known libraries where they do not), which
 * ResourceFiles reads; the composition root builds the catalog once per process.
 */

interface CatalogFile {
  [table: string]: { codes?: Record<string, [string, string?] | string>; subcodes?: Record<string, Record<string, string>>; source?: string } | undefined;
}

interface RevisionEntry {
  code: string;
  text: string;
  source?: string;
}

/** The tables whose codes the catalog answers for. */
const TABLES: readonly CatalogTable[] = ['upload_status', 'crseed_estado', 'gettoken_estado', 'queryestup_estado', 'queryestdte_estado', 'boleta_rest_envio_estado', 'registroreclamo_codResp', 'wsdtecorreo_estado'];

/** RespuestaDTE's sub-tables (formato_mensaje_respuesta_dte): the state of the envelope, of each document, and the commercial result. */
export const RESPUESTA_DTE_TABLES: readonly string[] = ['EstadoRecepEnv', 'EstadoRecepDTE', 'EstadoDTE(ResultadoDTE)'];

/** A catalog over the text of a catalog file (ResourceFiles' codeCatalog, or a test's own). */
export function createCodeCatalog(text: string): CodeCatalog {
  const file = JSON.parse(text) as CatalogFile & { revision_detail_codes?: { codes?: RevisionEntry[] } };
  const revisions = new Map<string, CatalogEntry>();
  for (const entry of file.revision_detail_codes?.codes ?? []) {
    // Keys such as "CRT-3-11 (REST)" carry a note after the code; the code is the first word.
    const code = /^[A-Z]{2,4}-\d-\d+/.exec(entry.code)?.[0];
    if (code !== undefined && !revisions.has(code)) {
      revisions.set(code, { code, table: 'revision_detail_codes', meaning: withoutNote(entry.text), ...(entry.source ? { source: entry.source } : {}) });
    }
  }
  const entryOf = (table: CatalogTable, code: string): CatalogEntry | undefined => {
    const raw = file[table]?.codes?.[code];
    if (raw === undefined) return undefined;
    const [text, source] = typeof raw === 'string' ? [raw, undefined] : raw;
    return { code, table, meaning: withoutNote(text), ...(source ? { source } : {}) };
  };
  return {
    meaning: (table, code) => entryOf(table, code)?.meaning,
    subcodeMeaning: (kind, code) => file.queryestup_estado?.subcodes?.[kind]?.[code],
    revisionMeaning: (code) => revisions.get(code)?.meaning,
    lookup(code) {
      const qualified = /^([A-Za-z_()]+):(-?\d{1,3})$/.exec(code.trim());
      if (qualified !== null) return qualifiedEntry(file, qualified[1]!, qualified[2]!, entryOf);
      const revision = revisions.get(code.toUpperCase());
      if (revision !== undefined) return [revision];
      return TABLES.flatMap((table) => entryOf(table, code.toUpperCase()) ?? entryOf(table, code) ?? []);
    },
  };
}

/** A code in one named table: a catalog table, or one of RespuestaDTE's sub-tables. */
function qualifiedEntry(file: CatalogFile, table: string, code: string, entryOf: (table: CatalogTable, code: string) => CatalogEntry | undefined): CatalogEntry[] {
  if ((TABLES as readonly string[]).includes(table)) return [entryOf(table as CatalogTable, code)].filter((entry) => entry !== undefined);
  if (!RESPUESTA_DTE_TABLES.includes(table)) return [];
  const respuesta = file.respuesta_dte_intercambio as (Record<string, Record<string, string> | string | undefined> & { source?: string }) | undefined;
  const sub = respuesta?.[table];
  const meaning = typeof sub === 'object' ? sub[code] : undefined;
  if (meaning === undefined) return [];
  const source = typeof respuesta?.source === 'string' ? `${respuesta.source}, ${table}` : undefined;
  return [{ code, table: 'respuesta_dte_intercambio', meaning, ...(source ? { source } : {}) }];
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
