/**
 * Intercambio: the documents other companies send us. The receiver's checks on an EnvioDTE, the
 * answers a receiver signs (RespuestaDTE with RecepcionEnvio or ResultadoDTE, EnvioRecibos), to whom
 * they go, and taking an EnvioDTE out of a zip attachment. Pure, like the rest of the core.
 */
export { checkReceivedEnvelope } from './check-received-envelope.ts';
export { markRepeats } from './repeats.ts';
export type { KnownReceptions } from './repeats.ts';
export { DEFAULT_MAX_ENVELOPE_BYTES } from './received-envelope.ts';
export type { ReceivedDocument, ReceivedEnvelopeCheck, ReceptionCheck, ReceptionCheckName, ReceptionCheckOptions } from './received-envelope.ts';
export type { DocumentFacts, EnvelopeFacts } from './envelope-facts.ts';
export {
  DOCUMENT_RECEPTION_GLOSAS, DOCUMENT_RESULT_CODES, DOCUMENT_RESULT_GLOSAS, ENVELOPE_RECEPTION_GLOSAS,
} from './reception-codes.ts';
export type {
  DocumentReceptionCode, DocumentResult, DocumentResultCode, EnvelopeReceptionCode, ReceptionStatus,
} from './reception-codes.ts';
export { ANSWERABLE_TYPES } from './answer-fields.ts';
export type { AnswerContact } from './answer-fields.ts';
export { buildRecepcionEnvio, buildResultadoDte, resultGlosa, MAX_ANSWER_LINES } from './build-respuesta.ts';
export type { AnsweredDocument, DocumentReception, DocumentVerdict, EnvelopeReception, ResponseCaratula } from './build-respuesta.ts';
export { buildEnvioRecibos, RECIBO_DECLARATION } from './build-recibos.ts';
export type { ReceiptOfGoods, ReceiptsCaratula } from './build-recibos.ts';
export { answerRecipient, envelopeReception, responseCaratula, SII_CERTIFICATION_EXCHANGE_ADDRESS } from './reception-answer.ts';
export type { AnswerRecipient, ReceiptFacts } from './reception-answer.ts';
export { DEFAULT_ZIP_LIMITS, looksLikeZip, unzipXmlFiles } from './unzip-attachment.ts';
export type { UnzipOutcome, ZipLimits, ZippedFile } from './unzip-attachment.ts';
export { sniffXmlRoot } from './sniff-root.ts';
