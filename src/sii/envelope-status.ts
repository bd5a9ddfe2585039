import type { XmlElement } from 'libxml2-wasm';
import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import type { DocumentResult, EnvelopeCount, EnvelopeStatus, RevisionCode } from '../app/ports/sii-gateway.ts';
import { childElementsOf, normaliseTrackId, textsOfChildren, wholeNumber, withRespuesta } from './sii-answer.ts';
import { malformedAnswer, redact, siiRejected, TokenRejectedError } from './sii-errors.ts';

/**
 * QueryEstUp getEstUp's answer: RESP_HDR (TRACKID, ESTADO, GLOSA, NUM_ATENCION, and ERR_CODE,
 * SQL_CODE, SRV_CODE with ESTADO -11) and RESP_BODY, in either order. The body repeats the group
 * TIPO_DOCTO, INFORMADOS, ACEPTADOS, RECHAZADOS, REPAROS once per type, and may carry
 * DETALLE_REP_RECH elements with per-document results and ERROR elements about the whole envelope
 * (the local SII sends both; their shape follows the SII's boleta status API `detalle_rep_rech`).
 */

const WHAT = 'QueryEstUp getEstUp';

/** ESTADO values that say the token is inactive or unknown (catalog queryestup_estado). */
const TOKEN_STATES: ReadonlySet<string> = new Set(['001', '002', '003']);

/**
 * Query errors that asking again cannot fix: the certificate's owner is unknown or may not consult
 * this company. -11 with ERR_CODE 1 ("El envío no es de la Empresa") is handled with them.
 */
const PERMANENT_QUERY_ERRORS: ReadonlySet<string> = new Set(['-3', '-6', '-10', '-13', '106']);

const COUNT_FIELDS = { INFORMADOS: 'informed', ACEPTADOS: 'accepted', RECHAZADOS: 'rejected', REPAROS: 'repairs' } as const;

/**
 * Reads getEstUp's answer for `trackId`. A refused token is a TokenRejectedError; a query error that
 * asking again cannot fix is a non-retryable SII_REJECTED; other query errors (ESTADO -11 with
 * ERR_CODE 2, -1 … -14) come back as a non-final status with errorCode and errorMessage, so that the
 * caller asks again later, as it does for states still in progress.
 */
export function parseEnvelopeStatus(xml: string, trackId: string, catalog: CodeCatalog): EnvelopeStatus {
  return withRespuesta(xml, WHAT, ({ header, body }) => {
    const state = header.ESTADO ?? '';
    const glosa = header.GLOSA === undefined ? undefined : redact(header.GLOSA);
    if (TOKEN_STATES.has(state)) {
      throw new TokenRejectedError('the envelope status query', `ESTADO ${state}`, catalog.meaning('queryestup_estado', state) ?? glosa ?? 'token');
    }
    const counts = body === undefined ? [] : readCounts(body, xml);
    const documents = body === undefined ? [] : readDocuments(body, xml, catalog);
    const codes = body === undefined ? [] : childElementsOf(body).filter((element) => element.name === 'ERROR').map((error) => revisionCode(textsOfChildren(error), catalog));
    const status: EnvelopeStatus = {
      trackId: normaliseTrackId(header.TRACKID ?? '') ?? trackId,
      state,
      stateMeaning: catalog.meaning('queryestup_estado', state) ?? glosa ?? 'state not in the catalog',
      counts,
      codes,
      documents,
    };
    if (header.NUM_ATENCION) status.attentionNumber = header.NUM_ATENCION;
    if (glosa !== undefined) status.glosa = glosa;
    if (/^-\d+$|^106$/.test(state)) return queryError(status, header, catalog);
    if (state === 'EPR' && counts.length === 0) throw malformedAnswer(WHAT, 'ESTADO EPR without any TIPO_DOCTO count', xml);
    if (header.ERR_CODE) status.reportedErrorCode = header.ERR_CODE;
    return status;
  });
}

/** ESTADO -11 and the other query errors: permanent ones throw, the rest are a non-final status. */
function queryError(status: EnvelopeStatus, header: Readonly<Record<string, string>>, catalog: CodeCatalog): EnvelopeStatus {
  const subcodes = (['ERR_CODE', 'SQL_CODE', 'SRV_CODE'] as const).filter((kind) => header[kind] !== undefined && header[kind] !== '');
  const meanings = subcodes.map((kind) => `${kind} ${header[kind]}: ${catalog.subcodeMeaning(kind, header[kind] ?? '') ?? (kind === 'SQL_CODE' ? 'Oracle code' : 'unknown')}`);
  const errorCode = subcodes.length > 0 ? subcodes.map((kind) => `${kind}=${header[kind]}`).join(' ') : status.state;
  const errorMessage = [status.stateMeaning, ...meanings].join('; ');
  if (PERMANENT_QUERY_ERRORS.has(status.state) || (status.state === '-11' && header.ERR_CODE === '1')) {
    throw siiRejected(`The SII will not tell the state of track id ${status.trackId} (ESTADO ${status.state}: ${errorMessage}); check the track id, the company RUT, and that the certificate's owner may act for the company.`, {
      state: status.state, errorCode, errorMessage,
    });
  }
  return { ...status, errorCode, errorMessage };
}

/** The TIPO_DOCTO groups of RESP_BODY, in order. */
function readCounts(body: XmlElement, xml: string): EnvelopeCount[] {
  const counts: Array<Partial<EnvelopeCount>> = [];
  for (const element of childElementsOf(body)) {
    const name = element.name;
    if (name !== 'TIPO_DOCTO' && !(name in COUNT_FIELDS)) continue;
    const value = wholeNumber(element.content);
    if (value === undefined) throw malformedAnswer(WHAT, `${name} is not a number`, xml);
    if (name === 'TIPO_DOCTO') {
      counts.push({ type: value });
      continue;
    }
    const current = counts.at(-1);
    const field = COUNT_FIELDS[name as keyof typeof COUNT_FIELDS];
    if (current === undefined || current[field] !== undefined) throw malformedAnswer(WHAT, `${name} outside a TIPO_DOCTO group`, xml);
    current[field] = value;
  }
  return counts.map((count) => {
    const { type, informed, accepted, rejected, repairs } = count;
    if (type === undefined || informed === undefined || accepted === undefined || rejected === undefined || repairs === undefined) {
      throw malformedAnswer(WHAT, `the group of TIPO_DOCTO ${type} lacks a count`, xml);
    }
    return { type, informed, accepted, rejected, repairs };
  });
}

/** The DETALLE_REP_RECH elements of RESP_BODY, when there are any. */
function readDocuments(body: XmlElement, xml: string, catalog: CodeCatalog): DocumentResult[] {
  return childElementsOf(body)
    .filter((element) => element.name === 'DETALLE_REP_RECH')
    .map((element) => {
      const fields = textsOfChildren(element);
      const type = wholeNumber(fields.TIPO_DOCTO);
      const folio = wholeNumber(fields.FOLIO);
      if (type === undefined || folio === undefined || !fields.ESTADO) {
        throw malformedAnswer(WHAT, 'a DETALLE_REP_RECH lacks TIPO_DOCTO, FOLIO or ESTADO', xml);
      }
      const codes = childElementsOf(element).filter((child) => child.name === 'ERROR').map((error) => revisionCode(textsOfChildren(error), catalog));
      const result: DocumentResult = { type, folio, state: fields.ESTADO, codes };
      if (fields.DESCRIPCION) result.description = fields.DESCRIPCION;
      return result;
    });
}

/** One ERROR of a document: SECCION-NIVEL-CODIGO with the catalog's meaning, else the SII's words. */
function revisionCode(fields: Readonly<Record<string, string>>, catalog: CodeCatalog): RevisionCode {
  const code = [fields.SECCION, fields.NIVEL, fields.CODIGO].filter((part) => part !== undefined && part !== '').join('-');
  const message = catalog.revisionMeaning(code) ?? fields.DESCRIPCION ?? 'code not in the catalog';
  const result: RevisionCode = { code, message };
  if (fields.DETALLE) result.detail = fields.DETALLE;
  return result;
}
