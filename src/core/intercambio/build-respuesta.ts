/**
 * The RespuestaDTE a receiver signs (RespuestaEnvioDTE_v10.xsd; "Formato Mensaje de Respuesta a DTE"
 * v1.0, section 2): either RecepcionEnvio, whether each envelope and its documents were received, or
 * ResultadoDTE, the commercial verdict on each document. The schema allows one kind per file.
 */
import type { SigningCertificate } from '../certificate.ts';
// The facturas, whose rejection Ley 19.983 wants stated expressly and with the law named (manual, section 2 c, field 9).
import { FACTURA_TYPES } from '../document-kinds/sii-document-types.ts';
import { failure, success, type Result } from '../result.ts';
import { formatSiiDateTime } from '../sii-time.ts';
import { element, textElement } from '../xml-writer.ts';
import { AnswerFields, type AnswerContact } from './answer-fields.ts';
import {
  DOCUMENT_RESULT_CODES, DOCUMENT_RESULT_GLOSAS, fitGlosa,
  type DocumentReceptionCode, type DocumentResult, type EnvelopeReceptionCode,
} from './reception-codes.ts';
import { answerFile } from './sign-answer.ts';

/** The manual's limit on the lines of one answer (sections b and c: "Entre 0 y 1000 ocurrencias"). */
export const MAX_ANSWER_LINES = 1000;

/** Who answers whom, for the Caratula. */
export interface ResponseCaratula extends AnswerContact {
  /** Our company: the receiver of the documents. */
  RutResponde: string;
  /** The supplier: the issuer of the documents (the envelope's RutEmisor). */
  RutRecibe: string;
  /** Our number for this answer, unique among our answers (1 to 10 digits). */
  IdRespuesta: number;
}

/** The identity of a received document, as both kinds of answer repeat it. */
export interface AnsweredDocument {
  TipoDTE: number;
  Folio: number;
  FchEmis: string;
  RUTEmisor: string;
  RUTRecep: string;
  /** Whole pesos, as written in the DTE or as a number. */
  MntTotal: string | number;
}

/** One document line of a RecepcionEnvio (RecepcionDTE). */
export interface DocumentReception extends AnsweredDocument {
  EstadoRecepDTE: DocumentReceptionCode;
  RecepDTEGlosa: string;
}

/** One envelope of a RecepcionEnvio. */
export interface EnvelopeReception {
  /** The file's name as received (at most 80 characters; longer names are cut). */
  NmbEnvio: string;
  FchRecep: Date;
  /** Our number for this envelope (1 to 10 digits); ResultadoDTE refers to it later. */
  CodEnvio: number;
  /** The SetDTE's ID; empty when the file could not be read. */
  EnvioDTEID: string;
  Digest?: string;
  RutEmisor?: string;
  RutReceptor?: string;
  EstadoRecepEnv: EnvelopeReceptionCode;
  RecepEnvGlosa: string;
  documents: ReadonlyArray<DocumentReception>;
}

/** One document of a ResultadoDTE: the decision on it. */
export interface DocumentVerdict extends AnsweredDocument {
  /** The CodEnvio of the RecepcionEnvio that acknowledged the envelope it came in. */
  CodEnvio: number;
  result: DocumentResult;
  /** Why; required to reject or to accept with discrepancies. */
  reason?: string;
  /** CodRchDsc: a negative code of one to three digits, "to be coded in future" by the SII (optional). */
  CodRchDsc?: number;
}

/** Everything a RespuestaDTE is signed with. */
interface SigningInput {
  caratula: ResponseCaratula;
  certificate: SigningCertificate;
  signedAt: Date;
}


function caratulaElement(fields: AnswerFields, caratula: ResponseCaratula, lines: number, signedAt: Date): string {
  const contact = fields.contact('/caratula', caratula);
  if (lines < 1 || lines > MAX_ANSWER_LINES) fields.problems.push({ pointer: '', message: `An answer holds 1 to ${MAX_ANSWER_LINES} lines; ${lines} were given.` });
  return element('Caratula', [
    textElement('RutResponde', fields.rut('/caratula/RutResponde', caratula.RutResponde)),
    textElement('RutRecibe', fields.rut('/caratula/RutRecibe', caratula.RutRecibe)),
    textElement('IdRespuesta', fields.positive('/caratula/IdRespuesta', caratula.IdRespuesta, 10)),
    textElement('NroDetalles', lines),
    textElement('NmbContacto', contact.NmbContacto),
    textElement('FonoContacto', contact.FonoContacto),
    textElement('MailContacto', contact.MailContacto),
    textElement('TmstFirmaResp', formatSiiDateTime(signedAt)),
  ], 'version="1.0"');
}

function documentIdentity(fields: AnswerFields, pointer: string, document: AnsweredDocument): string[] {
  return [
    textElement('TipoDTE', fields.type(`${pointer}/TipoDTE`, document.TipoDTE)),
    textElement('Folio', fields.positive(`${pointer}/Folio`, document.Folio, 10)),
    textElement('FchEmis', fields.date(`${pointer}/FchEmis`, document.FchEmis)),
    textElement('RUTEmisor', fields.rut(`${pointer}/RUTEmisor`, document.RUTEmisor)),
    textElement('RUTRecep', fields.rut(`${pointer}/RUTRecep`, document.RUTRecep)),
    textElement('MntTotal', fields.amount(`${pointer}/MntTotal`, document.MntTotal)),
  ];
}

function envelopeElement(fields: AnswerFields, envelope: EnvelopeReception, index: number): string {
  const pointer = `/envelopes/${index}`;
  const lines = envelope.documents.map((document, position) => element('RecepcionDTE', [
    ...documentIdentity(fields, `${pointer}/documents/${position}`, document),
    textElement('EstadoRecepDTE', document.EstadoRecepDTE),
    textElement('RecepDTEGlosa', fields.text(`${pointer}/documents/${position}/RecepDTEGlosa`, fitGlosa(document.RecepDTEGlosa), 256, true)),
  ]));
  return element('RecepcionEnvio', [
    textElement('NmbEnvio', fields.text(`${pointer}/NmbEnvio`, [...envelope.NmbEnvio].slice(0, 80).join(''), 80, true)),
    textElement('FchRecep', formatSiiDateTime(envelope.FchRecep)),
    textElement('CodEnvio', fields.positive(`${pointer}/CodEnvio`, envelope.CodEnvio, 10)),
    textElement('EnvioDTEID', fields.text(`${pointer}/EnvioDTEID`, envelope.EnvioDTEID, 80) ?? ''),
    textElement('Digest', envelope.Digest !== undefined && /^[A-Za-z0-9+/=]+$/.test(envelope.Digest) ? envelope.Digest : undefined),
    textElement('RutEmisor', envelope.RutEmisor === undefined ? undefined : fields.rut(`${pointer}/RutEmisor`, envelope.RutEmisor)),
    textElement('RutReceptor', envelope.RutReceptor === undefined ? undefined : fields.rut(`${pointer}/RutReceptor`, envelope.RutReceptor)),
    textElement('EstadoRecepEnv', envelope.EstadoRecepEnv),
    textElement('RecepEnvGlosa', fields.text(`${pointer}/RecepEnvGlosa`, fitGlosa(envelope.RecepEnvGlosa), 256, true)),
    textElement('NroDTE', lines.length === 0 ? undefined : lines.length),
    ...lines,
  ]);
}

/**
 * Builds and signs a RespuestaDTE with one RecepcionEnvio per envelope: the acknowledgement a receiver
 * owes for every envelope it gets, received or refused, with a RecepcionDTE line per document.
 * Returns every problem of the input at once; nothing is signed unless all fields are valid.
 */
export function buildRecepcionEnvio(input: SigningInput & { envelopes: ReadonlyArray<EnvelopeReception> }): Result<Buffer> {
  const fields = new AnswerFields();
  const caratula = caratulaElement(fields, input.caratula, input.envelopes.length, input.signedAt);
  const envelopes = input.envelopes.map((envelope, index) => envelopeElement(fields, envelope, index));
  if (fields.problems.length > 0) return failure(fields.problems);
  const part = { name: 'Resultado', id: `RecepcionEnvio_${input.caratula.IdRespuesta}`, children: [caratula, ...envelopes] };
  return success(answerFile('RespuestaDTE', 'RespuestaEnvioDTE_v10.xsd', part, input.certificate));
}

/**
 * The EstadoDTEGlosa the manual asks for: ACEPTADO OK, or ACEPTADO CON DISCREPANCIAS or RECHAZADO
 * followed by the reason; a factura's rejection names Ley 19.983 (manual, section 2 c, field 9).
 */
export function resultGlosa(verdict: Pick<DocumentVerdict, 'result' | 'reason' | 'TipoDTE'>): string {
  const word = DOCUMENT_RESULT_GLOSAS[DOCUMENT_RESULT_CODES[verdict.result]];
  const reason = verdict.reason?.trim() ?? '';
  if (verdict.result === 'accepted') return reason === '' ? word : `${word}: ${reason}`;
  const law = verdict.result === 'rejected' && FACTURA_TYPES.has(verdict.TipoDTE) && !/19\.?983/.test(reason) ? ' (rechazo conforme a la Ley 19.983)' : '';
  return fitGlosa(`${word}: ${reason}${law}`);
}

function verdictElement(fields: AnswerFields, verdict: DocumentVerdict, index: number): string {
  const pointer = `/results/${index}`;
  if (verdict.result !== 'accepted' && (verdict.reason === undefined || verdict.reason.trim() === '')) {
    fields.problems.push({ pointer: `${pointer}/reason`, message: `A reason is required when the result is ${verdict.result}.` });
  }
  const code = verdict.CodRchDsc;
  if (code !== undefined && !(Number.isInteger(code) && code <= -1 && code >= -999)) {
    fields.problems.push({ pointer: `${pointer}/CodRchDsc`, message: `${code} is not a negative whole number of up to three digits.` });
  }
  return element('ResultadoDTE', [
    ...documentIdentity(fields, pointer, verdict),
    textElement('CodEnvio', fields.positive(`${pointer}/CodEnvio`, verdict.CodEnvio, 10)),
    textElement('EstadoDTE', DOCUMENT_RESULT_CODES[verdict.result]),
    textElement('EstadoDTEGlosa', fields.text(`${pointer}/reason`, resultGlosa(verdict), 256, true)),
    textElement('CodRchDsc', code),
  ]);
}

/**
 * Builds and signs a RespuestaDTE with one ResultadoDTE per document: accepted, accepted with
 * discrepancies or rejected, with the reason. Returns every problem of the input at once.
 */
export function buildResultadoDte(input: SigningInput & { results: ReadonlyArray<DocumentVerdict> }): Result<Buffer> {
  const fields = new AnswerFields();
  const caratula = caratulaElement(fields, input.caratula, input.results.length, input.signedAt);
  const results = input.results.map((verdict, index) => verdictElement(fields, verdict, index));
  if (fields.problems.length > 0) return failure(fields.problems);
  const part = { name: 'Resultado', id: `ResultadoDTE_${input.caratula.IdRespuesta}`, children: [caratula, ...results] };
  return success(answerFile('RespuestaDTE', 'RespuestaEnvioDTE_v10.xsd', part, input.certificate));
}
