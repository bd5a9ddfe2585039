/**
 * What a document request of a kind in the Formato Boletas Electrónicas (v4.1, 2024-12-31; schema
 * EnvioBOLETA_v11.xsd) reads and must hold beyond the Formato DTE: its own tag names for the issuer
 * (RznSocEmisor, GiroEmisor), the generic receiver 66666666-6 when the consumer gives no RUT, and
 * the fields its schema has not (Acteco, TasaIVA, GiroRecep, Transporte…). The kinds say which
 * format they follow (DocumentKind.format); nothing here names a TipoDTE.
 */
import { documentKind, isBoletaFormat, kindInSentence, kindsInSentence, DOCUMENT_KINDS, type DocumentKind } from './document-kinds/document-kinds.ts';
import type { DocumentRequest } from './document-request.ts';
import type { Lenient } from './request-schema.ts';
import type { Problem } from './result.ts';

type View = Lenient<DocumentRequest>;
type JsonObject = Record<string, unknown>;

/**
 * The RUT of a consumer who gives none: "en caso de no contar con el RUT o código interno del
 * cliente, se debe utilizar el RUT genérico 66.666.666-6" (Formato Boletas, Encabezado field 18).
 */
export const GENERIC_RECEIVER_RUT = '66666666-6';

/** The boleta's issuer tag names and the Formato DTE's names this service keeps them under. */
const ISSUER_NAMES = [
  ['RznSocEmisor', 'RznSoc'],
  ['GiroEmisor', 'GiroEmis'],
] as const;

/** Fields of the request that EnvioBOLETA_v11.xsd does not have, by JSON pointer. */
const NOT_IN_BOLETAS = [
  '/Encabezado/IdDoc/FmaPago', '/Encabezado/IdDoc/TermPagoGlosa',
  '/Encabezado/Emisor/Acteco', '/Encabezado/Emisor/Telefono', '/Encabezado/Emisor/CorreoEmisor',
  '/Encabezado/Emisor/Sucursal', '/Encabezado/Emisor/CdgVendedor',
  '/Encabezado/Receptor/GiroRecep', '/Encabezado/Transporte', '/Encabezado/Totales/TasaIVA',
] as const;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The kind a raw request names in IdDoc.TipoDTE, if it names one this service issues. */
function rawKind(input: unknown): DocumentKind | undefined {
  const encabezado = isObject(input) ? input.Encabezado : undefined;
  const idDoc = isObject(encabezado) ? encabezado.IdDoc : undefined;
  return isObject(idDoc) && typeof idDoc.TipoDTE === 'number' ? documentKind(idDoc.TipoDTE) : undefined;
}

/** A request read in the boleta's names, and which of them it used. */
export interface BoletaReading {
  input: unknown;
  /** The boleta names read as the Formato DTE's ('RznSocEmisor' read as 'RznSoc'…). */
  renamed: ReadonlyArray<(typeof ISSUER_NAMES)[number]>;
}

/**
 * Reads a raw request of a boleta kind in the Formato DTE's names: RznSocEmisor as RznSoc and
 * GiroEmisor as GiroEmis (when the request does not give both), and the generic receiver when it
 * gives no Receptor or no RUTRecep. Any other request comes back unchanged. Never throws.
 */
export function readBoletaNames(input: unknown): BoletaReading {
  const kind = rawKind(input);
  if (kind === undefined || !isBoletaFormat(kind) || !isObject(input) || !isObject(input.Encabezado)) return { input, renamed: [] };
  const encabezado: JsonObject = { ...input.Encabezado };
  const renamed: Array<(typeof ISSUER_NAMES)[number]> = [];
  if (isObject(encabezado.Emisor)) {
    const emisor: JsonObject = { ...encabezado.Emisor };
    for (const pair of ISSUER_NAMES) {
      const [boletaName, dteName] = pair;
      if (emisor[dteName] !== undefined) continue;
      // Neither name given: the problem ("is required") is reported under the boleta's name.
      renamed.push(pair);
      if (emisor[boletaName] === undefined) continue;
      emisor[dteName] = emisor[boletaName];
      delete emisor[boletaName];
    }
    encabezado.Emisor = emisor;
  }
  if (encabezado.Receptor === undefined) encabezado.Receptor = { RUTRecep: GENERIC_RECEIVER_RUT };
  else if (isObject(encabezado.Receptor) && encabezado.Receptor.RUTRecep === undefined) {
    encabezado.Receptor = { ...encabezado.Receptor, RUTRecep: GENERIC_RECEIVER_RUT };
  }
  return { input: { ...input, Encabezado: encabezado }, renamed };
}

/** Words the problems of renamed fields in the boleta's names again, so that they name what the caller sent. */
export function inBoletaNames(problems: Problem[], renamed: BoletaReading['renamed']): Problem[] {
  return problems.map((problem) => {
    for (const [boletaName, dteName] of renamed) {
      const pointer = `/Encabezado/Emisor/${dteName}`;
      if (problem.pointer !== pointer) continue;
      return { pointer: `/Encabezado/Emisor/${boletaName}`, message: problem.message.replace(new RegExp(`\\b${dteName}\\b`, 'g'), boletaName) };
    }
    return problem;
  });
}

/** The value at a pointer of the lenient view (undefined where absent). */
function at(view: View, pointer: string): unknown {
  let value: unknown = view;
  for (const key of pointer.split('/').slice(1)) value = isObject(value) ? value[key] : undefined;
  return value;
}

/**
 * The rules between the two formats: what a boleta must leave out or may not use, and what the
 * Formato DTE requires that a boleta has not (Acteco, RznSocRecep). `known` are the field problems.
 */
export function checkFormatRules(view: View, kind: DocumentKind, known: Problem[]): Problem[] {
  const problems: Problem[] = [];
  const refuse = (pointer: string, message: string) => problems.push({ pointer, message });
  const name = kindInSentence(kind);
  const idDoc = view.Encabezado?.IdDoc;
  const emisor = view.Encabezado?.Emisor;
  const boletas = kindsInSentence(DOCUMENT_KINDS.filter(isBoletaFormat));
  if (isBoletaFormat(kind)) {
    for (const pointer of NOT_IN_BOLETAS) {
      const present = at(view, pointer);
      if (present !== undefined && !(Array.isArray(present) && present.length === 0)) {
        refuse(pointer, `${pointer.split('/').at(-1)} is not in the format of ${name} (EnvioBOLETA_v11.xsd); leave it out`);
      }
    }
    if (idDoc?.IndMntNeto !== undefined && kind.iva === 'forbidden') refuse('/Encabezado/IdDoc/IndMntNeto', `IndMntNeto is not used on ${name}: it has no IVA`);
    return problems;
  }
  const known_ = (pointer: string) => known.some((problem) => problem.pointer === pointer || problem.pointer.startsWith(pointer + '/'));
  if (emisor !== undefined && emisor.Acteco === undefined && !known_('/Encabezado/Emisor/Acteco')) refuse('/Encabezado/Emisor/Acteco', `Acteco is required on ${name}`);
  const receptor = view.Encabezado?.Receptor;
  if (receptor !== undefined && receptor.RznSocRecep === undefined && !known_('/Encabezado/Receptor/RznSocRecep')) {
    refuse('/Encabezado/Receptor/RznSocRecep', `RznSocRecep is required on ${name}`);
  }
  for (const [boletaName, dteName] of ISSUER_NAMES) {
    if (emisor?.[boletaName] !== undefined) refuse(`/Encabezado/Emisor/${boletaName}`, `${boletaName} is the name on ${boletas}; ${name} uses ${dteName}`);
  }
  if (idDoc?.IndMntNeto !== undefined) refuse('/Encabezado/IdDoc/IndMntNeto', `IndMntNeto is only for ${boletas}, not ${name}`);
  if (idDoc?.IndServicio === 4) refuse('/Encabezado/IdDoc/IndServicio', `IndServicio 4 (espectáculo por cuenta de terceros) is only for ${boletas}, not ${name}`);
  return problems;
}
