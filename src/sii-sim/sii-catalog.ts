import { readFileSync } from 'node:fs';

/**
 * The SII's codes and their meanings, read from resources/sii-codes.json (each entry there cites its
 * source: a manual, a transcribed answer or a library). The simulator takes every GLOSA and DESCRIPCION
 * from here, so that its answers say what the catalog says the SII says.
 */

type CodeTable = Record<string, [string, string?]>;

interface Catalog {
  upload_status: { codes: CodeTable };
  gettoken_estado: { codes: CodeTable };
  queryestup_estado: { codes: CodeTable; subcodes: Record<string, Record<string, string>> };
  queryestdte_estado: { codes: CodeTable; err_code: Record<string, string> };
  revision_detail_codes: { codes: Array<{ code: string; text: string; source: string }> };
  registroreclamo_codResp: { codes: CodeTable; acciones: Record<string, string>; eventos_extra: Record<string, string> };
}

let loaded: Catalog | undefined;

function catalog(): Catalog {
  loaded ??= JSON.parse(readFileSync(new URL('../../resources/sii-codes.json', import.meta.url), 'utf8')) as Catalog;
  return loaded;
}

/**
 * The catalog's text without the notes its compilers added: a trailing parenthesis (`(help text)`,
 * `(seen in libs; boleta REST)`) or an arrow (`-> reparo`).
 */
export function withoutNotes(text: string): string {
  let cleaned = text.replace(/\s*->.*$/, '').trim();
  for (let previous = ''; previous !== cleaned;) {
    previous = cleaned;
    cleaned = cleaned.replace(/\s*\([^()]*\)$/, '').trim();
  }
  return cleaned;
}

function lookup(table: CodeTable, code: string, service: string): string {
  const entry = table[code];
  if (entry === undefined) throw new Error(`The catalog has no code ${code} for ${service}.`);
  return withoutNotes(entry[0]);
}

/** The meaning of an upload STATUS (`7` → `Esquema Invalido`). */
export function uploadStatusText(status: number): string {
  const table = catalog().upload_status.codes;
  return lookup(table, table[String(status)] === undefined ? 'other' : String(status), 'DTEUpload');
}

/** The GLOSA of a getToken ESTADO (`05` → `XML Inválido, firma invalida`). */
export function tokenStateText(code: string): string {
  return lookup(catalog().gettoken_estado.codes, code, 'GetTokenFromSeed');
}

/** The GLOSA of a getEstUp ESTADO (`RCT` → `Rechazado por Error en Carátula`). */
export function envelopeStateText(code: string): string {
  return lookup(catalog().queryestup_estado.codes, code, 'QueryEstUp');
}

/** The GLOSA of a getEstDte ESTADO (`FAU` → `Documento No Recibido por el SII`). */
export function documentStateText(code: string): string {
  return lookup(catalog().queryestdte_estado.codes, code, 'QueryEstDte');
}

/** The numeric ERR_CODE that accompanies a getEstDte ESTADO (`DOK` → `0`), when the catalog gives one. */
export function documentErrorCode(code: string): string | undefined {
  const entry = Object.entries(catalog().queryestdte_estado.err_code).find(([, state]) => state === code);
  return entry?.[0];
}

/** The text of a revision code (`DTE-3-101`), or undefined when the catalog does not list it. */
export function revisionText(code: string): string | undefined {
  const entry = catalog().revision_detail_codes.codes.find((candidate) => candidate.code.split(' ')[0] === code);
  return entry === undefined ? undefined : withoutNotes(entry.text);
}

/** The meaning of a getEstUp sub-code of ESTADO -11 (`ERR_CODE` `1` → `El envío no es de la Empresa, …`). */
export function envelopeSubcodeText(kind: 'ERR_CODE' | 'SQL_CODE' | 'SRV_CODE', code: string): string {
  const text = catalog().queryestup_estado.subcodes[kind]?.[code];
  if (text === undefined) throw new Error(`The catalog has no QueryEstUp ${kind} ${code}.`);
  return text;
}

/**
 * The descResp of a registry codResp (`7` → `Evento registrado previamente`). The catalog's own notes
 * are taken off: the operation a code belongs to (`(consultarDocDteCedible) …`) and the list of types
 * after code 3 (`(solo 33, 34, 43)`).
 */
export function registryAnswerText(code: number): string {
  const text = lookup(catalog().registroreclamo_codResp.codes, String(code), 'RegistroReclamoDte');
  return text.replace(/^\([^()]*\)\s*/, '');
}

/** The descEvento of an event code: the five actions and the events the SII adds itself (NCA, ENC). */
export function registryEventText(code: string): string {
  const table = catalog().registroreclamo_codResp;
  const text = table.acciones[code] ?? table.eventos_extra[code];
  if (text === undefined) throw new Error(`The catalog has no registry event ${code}.`);
  return text;
}
