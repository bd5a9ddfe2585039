import { revisionText } from './sii-catalog.ts';

/**
 * The errors the simulator reports for an envelope or a document, in the SII's revision-code shape
 * `SECCION-NIVEL-CODIGO` (`DTE-3-101`): nivel 3 rejects (RCH), nivel 2 accepts with reparos (RPR), as
 * the catalog's note on revision codes records. Codes the catalog lists take their text from it; the
 * checks for which no SII code is known use codes of the 900 range, which the SII does not use, so that
 * nobody mistakes them for the SII's.
 */

/** One error, shaped like an element of `detalle_rep_rech[].error` of the SII's boleta status API. */
export interface RevisionError {
  /** `DTE`, `CRT`, `HED`, `REF`, `CAF`, `TED`, `ENV`. */
  SECCION: string;
  /** 3 rejects, 2 is a reparo, 1 a reparo leve. */
  NIVEL: number;
  CODIGO: string;
  DESCRIPCION: string;
  /** What the simulator found, in one sentence. */
  DETALLE: string;
}

/**
 * Codes the simulator uses although the catalog lists none for the check (source: this simulator).
 * The SII checks these things; only their codes are unknown.
 */
const SIMULATOR_CODES: Readonly<Record<string, string>> = {
  'ENV-3-900': 'Firma del Envio Incorrecta',
  'CRT-3-900': 'Cantidad de DTE informada en Caratula (SubTotDTE) no corresponde al Envio',
  'CRT-3-901': 'RUT Emisor de la Caratula distinto al RUT Compania del Upload',
  'CAF-3-900': 'CAF no autorizado por el SII (FRMA no verifica)',
  'CAF-3-901': 'Folio fuera del rango autorizado por el CAF',
  'TED-3-900': 'Timbre Electronico no corresponde al documento',
  'HED-3-900': 'Monto Neto no corresponde a la suma del detalle',
  'HED-3-901': 'Monto Exento no corresponde a la suma del detalle',
  'HED-3-902': 'IVA no corresponde a Monto Neto por Tasa',
  'HED-3-903': 'Monto Total distinto de Neto + Exento + IVA',
  'HED-3-904': 'Nombre, Giro o Direccion en blanco',
};

/** Every code the simulator may answer, for documentation and tests. */
export const SIMULATOR_ONLY_CODES: readonly string[] = Object.keys(SIMULATOR_CODES);

/**
 * Builds the error for `code`. `values` fill the catalog text's bracketed placeholders in order
 * (`RUT Receptor (Caratula) Invalido - [XXXX6500-1]` becomes `… - [76354771-K]`).
 */
export function revisionError(code: string, detail: string, values: readonly string[] = []): RevisionError {
  const match = /^([A-Z]+)-(\d)-(\d+)$/.exec(code);
  if (match === null) throw new Error(`${code} is not a revision code.`);
  const text = revisionText(code) ?? SIMULATOR_CODES[code];
  if (text === undefined) throw new Error(`The revision code ${code} is neither in the catalog nor one of the simulator's.`);
  let index = 0;
  const description = text.replace(/\[[^\]]*\]/g, (placeholder) => (index < values.length ? `[${values[index++]}]` : placeholder));
  return { SECCION: match[1]!, NIVEL: Number(match[2]), CODIGO: match[3]!, DESCRIPCION: description, DETALLE: detail };
}

/** `DTE-3-101`, the code as people write it. */
export function codeOf(error: RevisionError): string {
  return `${error.SECCION}-${error.NIVEL}-${error.CODIGO}`;
}

/** A document's outcome from its errors: rejected on any nivel 3, repaired on any other, else accepted. */
export function documentOutcome(errors: readonly RevisionError[]): 'ACE' | 'RPR' | 'RCH' {
  if (errors.some((error) => error.NIVEL >= 3)) return 'RCH';
  return errors.length > 0 ? 'RPR' : 'ACE';
}
