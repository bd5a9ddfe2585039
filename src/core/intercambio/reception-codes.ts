/**
 * The states a receiver reports in a RespuestaDTE, with the glosas of the SII's "Formato Mensaje de
 * Respuesta a Documentos Tributarios Electrónicos" (v1.0, 2005-04-13, section 2 b and c), the same
 * as the catalog's `respuesta_dte_intercambio` (resources/sii-codes.json; a test holds the two
 * together). They are written here because the core reads no files.
 */

/** EstadoRecepEnv: what became of a whole EnvioDTE (RecepcionEnvio, field 8). */
export const ENVELOPE_RECEPTION_GLOSAS = {
  0: 'Envío Recibido Conforme',
  1: 'Envío Rechazado - Error de Schema',
  2: 'Envío Rechazado - Error de Firma',
  3: 'Envío Rechazado - RUT Receptor No Corresponde',
  90: 'Envío Rechazado - Archivo Repetido',
  91: 'Envío Rechazado - Archivo Ilegible',
  99: 'Envío Rechazado - Otros',
} as const;

/** EstadoRecepDTE: what became of one DTE of a received envelope (RecepcionDTE, field 17). */
export const DOCUMENT_RECEPTION_GLOSAS = {
  0: 'DTE Recibido OK',
  1: 'DTE No Recibido - Error de Firma',
  2: 'DTE No Recibido - Error en RUT Emisor',
  3: 'DTE No Recibido - Error en RUT Receptor',
  4: 'DTE No Recibido - DTE Repetido',
  99: 'DTE No Recibido - Otros',
} as const;

/**
 * EstadoDTE of a ResultadoDTE: the receiver's commercial verdict on a document (section 2 c, field 8).
 * The glosa the manual asks for (field 9) is the upper-case word, then the reason where there is one.
 */
export const DOCUMENT_RESULT_GLOSAS = {
  0: 'ACEPTADO OK',
  1: 'ACEPTADO CON DISCREPANCIAS',
  2: 'RECHAZADO',
} as const;

export type EnvelopeReceptionCode = keyof typeof ENVELOPE_RECEPTION_GLOSAS;
export type DocumentReceptionCode = keyof typeof DOCUMENT_RECEPTION_GLOSAS;
export type DocumentResultCode = keyof typeof DOCUMENT_RESULT_GLOSAS;

/** The receiver's commercial decision on a document, as people and the API name it. */
export type DocumentResult = 'accepted' | 'accepted_with_discrepancies' | 'rejected';

/** EstadoDTE for each decision. */
export const DOCUMENT_RESULT_CODES: Readonly<Record<DocumentResult, DocumentResultCode>> = {
  accepted: 0,
  accepted_with_discrepancies: 1,
  rejected: 2,
};

/** A state with its glosa and, in our own words, what was found (kept in our records, not sent). */
export interface ReceptionStatus<Code extends number> {
  code: Code;
  /**
   * The RecepEnvGlosa or RecepDTEGlosa to send: the manual's glosa as it stands, and for code 99
   * ("Otros") the glosa followed by the additional information the manual asks for.
   */
  glosa: string;
  /** One or more sentences saying what was checked and found, for people and the record. */
  detail: string;
}

/** The longest glosa the schema allows (RecepEnvGlosa, RecepDTEGlosa, EstadoDTEGlosa: 256). */
export const MAX_GLOSA_LENGTH = 256;

/** A glosa cut to the schema's length, on a character boundary. */
export function fitGlosa(glosa: string): string {
  const characters = [...glosa];
  return characters.length <= MAX_GLOSA_LENGTH ? glosa : `${characters.slice(0, MAX_GLOSA_LENGTH - 3).join('')}...`;
}

/** The envelope state of a code, with the extra information 99 carries. */
export function envelopeStatus(code: EnvelopeReceptionCode, detail: string, otherInformation?: string): ReceptionStatus<EnvelopeReceptionCode> {
  const glosa = ENVELOPE_RECEPTION_GLOSAS[code];
  return { code, glosa: fitGlosa(code === 99 && otherInformation !== undefined ? `${glosa}: ${otherInformation}` : glosa), detail };
}

/** The document state of a code, with the extra information 99 carries. */
export function documentStatus(code: DocumentReceptionCode, detail: string, otherInformation?: string): ReceptionStatus<DocumentReceptionCode> {
  const glosa = DOCUMENT_RECEPTION_GLOSAS[code];
  return { code, glosa: fitGlosa(code === 99 && otherInformation !== undefined ? `${glosa}: ${otherInformation}` : glosa), detail };
}
