import { DteError } from '../core/errors.ts';
import { parseRut } from '../core/rut.ts';
import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import type { DocumentStatus, DocumentStatusQuery } from '../app/ports/sii-gateway.ts';
import { withRespuesta } from './sii-answer.ts';
import { redact, siiUnavailable, TokenRejectedError } from './sii-errors.ts';

/**
 * QueryEstDte getEstDte: the state of one document as the SII recorded it. The answer's RESP_HDR
 * carries ESTADO (DOK, DNK, FAU, …), GLOSA_ESTADO, ERR_CODE, GLOSA_ERR and NUM_ATENCION.
 */

const WHAT = 'QueryEstDte getEstDte';

/** ESTADO values that say the token is inactive or unknown. */
const TOKEN_STATES: ReadonlySet<string> = new Set(['001', '002', '003']);

/**
 * The SOAP arguments of getEstDte but the Token (which goes last), in the WSDL's order. The consulting
 * RUT is the certificate owner's; dates go as DDMMAAAA. A query with a RUT or date that cannot be right is a
 * VALIDATION_FAILED error naming each problem.
 */
export function documentStatusArguments(query: DocumentStatusQuery, consultantRut: string): Record<string, string> {
  const problems = [];
  const company = parseRut(query.companyRut);
  const receiver = parseRut(query.receiverRut);
  const consultant = parseRut(consultantRut);
  if (company === undefined) problems.push({ pointer: '/companyRut', message: `"${query.companyRut}" is not a valid RUT.` });
  if (receiver === undefined) problems.push({ pointer: '/receiverRut', message: `"${query.receiverRut}" is not a valid RUT.` });
  if (consultant === undefined) problems.push({ pointer: '/consultantRut', message: `The certificate's RUT "${consultantRut}" is not a valid RUT.` });
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(query.issueDate);
  if (date === null) problems.push({ pointer: '/issueDate', message: `"${query.issueDate}" is not a date written YYYY-MM-DD.` });
  if (!Number.isSafeInteger(query.type) || query.type <= 0) problems.push({ pointer: '/type', message: `${query.type} is not a document type.` });
  if (!Number.isSafeInteger(query.folio) || query.folio <= 0) problems.push({ pointer: '/folio', message: `${query.folio} is not a folio.` });
  if (!Number.isSafeInteger(query.totalAmount) || query.totalAmount < 0) problems.push({ pointer: '/totalAmount', message: `${query.totalAmount} is not a whole amount.` });
  if (problems.length > 0 || company === undefined || receiver === undefined || consultant === undefined || date === null) {
    throw new DteError('VALIDATION_FAILED', 'The document status query has problems.', { details: problems });
  }
  return {
    RutConsultante: String(consultant.body),
    DvConsultante: consultant.checkDigit,
    RutCompania: String(company.body),
    DvCompania: company.checkDigit,
    RutReceptor: String(receiver.body),
    DvReceptor: receiver.checkDigit,
    TipoDte: String(query.type),
    FolioDte: String(query.folio),
    FechaEmisionDte: `${date[3]}${date[2]}${date[1]}`,
    MontoDte: String(query.totalAmount),
  };
}

/**
 * Reads getEstDte's answer. The document states (DOK … ANC) are answers and come back as they are; a
 * refused token is a TokenRejectedError; the negative states are the SII failing to answer
 * ("ERROR RETORNO") and are retryable SII_UNAVAILABLE errors.
 */
export function parseDocumentStatus(xml: string, catalog: CodeCatalog): DocumentStatus {
  return withRespuesta(xml, WHAT, ({ header }) => {
    const state = header.ESTADO ?? '';
    const glosa = header.GLOSA_ESTADO ?? header.GLOSA;
    const meaning = catalog.meaning('queryestdte_estado', state) ?? (glosa === undefined ? undefined : redact(glosa)) ?? 'state not in the catalog';
    if (TOKEN_STATES.has(state)) throw new TokenRejectedError('the document status query', `ESTADO ${state}`, meaning);
    if (/^-\d+$/.test(state)) {
      throw siiUnavailable(`The SII could not answer the document status query (ESTADO ${state}: ${meaning}); try again later.`, { state, meaning });
    }
    const status: DocumentStatus = { state, meaning };
    if (header.ERR_CODE) status.errorCode = header.ERR_CODE;
    if (header.GLOSA_ERR) status.errorMessage = redact(header.GLOSA_ERR);
    if (header.NUM_ATENCION) status.attentionNumber = header.NUM_ATENCION;
    return status;
  });
}
