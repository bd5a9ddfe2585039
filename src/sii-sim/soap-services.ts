import type { Authentication } from './authentication.ts';
import type { AnswerLoss } from './upload-rules.ts';
import { queryDocument, type DocumentQuery } from './document-status.ts';
import { queryEnvelope, type EnvelopeQuery } from './envelope-status.ts';
import { tokenStateText } from './sii-catalog.ts';
import { compactRespuesta, field } from './sii-respuesta.ts';
import { parameter, readSoapCall, soapFault, soapResponse, type SoapCall } from './soap-messages.ts';
import { serviceNamespace, type SoapService } from './wsdl-documents.ts';

/**
 * The four SOAP services at the SII's paths, each answering its WSDL's operation with the SII's
 * answer wrapped in an rpc/encoded envelope: CrSeed getSeed, GetTokenFromSeed getToken(pszXml),
 * QueryEstUp getEstUp(RutCompania, DvCompania, TrackId, Token) and QueryEstDte getEstDte(RutConsultante,
 * DvConsultante, RutCompania, DvCompania, RutReceptor, DvReceptor, TipoDte, FolioDte, FechaEmisionDte,
 * MontoDte, Token). Parameters are read by name, else by their position in the WSDL's parameterOrder.
 */

/** What the services need. */
export interface SoapServiceContext {
  authentication: Authentication;
  /** Builds the per-call query contexts (they carry the time and a fresh NUM_ATENCION). */
  envelopeQuery(): EnvelopeQuery;
  documentQuery(): DocumentQuery;
}

/** An HTTP answer: status, content type and body. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
  /** The answer is to be lost on its way (an upload rule's `lose`): the router spoils or withholds it. */
  loss?: AnswerLoss;
}

const XML = 'text/xml; charset=utf-8';

const ESTDTE_PARAMETERS = ['RutConsultante', 'DvConsultante', 'RutCompania', 'DvCompania', 'RutReceptor', 'DvReceptor', 'TipoDte', 'FolioDte', 'FechaEmisionDte', 'MontoDte', 'Token'] as const;

function getToken(call: SoapCall, context: SoapServiceContext): string {
  const outcome = context.authentication.exchange(parameter(call, 'pszXml', 0) ?? '');
  if (outcome.token !== undefined) {
    return compactRespuesta([field('ESTADO', '00'), field('GLOSA', tokenStateText('00'))], [field('TOKEN', outcome.token)]);
  }
  const glosa = outcome.estado === '08' ? outcome.detail : tokenStateText(outcome.estado);
  return compactRespuesta([field('ESTADO', outcome.estado), field('GLOSA', glosa)]);
}

function getEstUp(call: SoapCall, context: SoapServiceContext): string {
  const read = (name: string, position: number): string => parameter(call, name, position) ?? '';
  const token = context.authentication.checkToken(read('Token', 3));
  return queryEnvelope(`${read('RutCompania', 0)}-${read('DvCompania', 1)}`, read('TrackId', 2), token, context.envelopeQuery());
}

function getEstDte(call: SoapCall, context: SoapServiceContext): string {
  const values = Object.fromEntries(ESTDTE_PARAMETERS.map((name, position) => [name, parameter(call, name, position) ?? ''])) as Record<(typeof ESTDTE_PARAMETERS)[number], string>;
  const token = context.authentication.checkToken(values.Token);
  return queryDocument(values, token, context.documentQuery());
}

/** The operation each service answers. */
const OPERATIONS: Readonly<Record<SoapService, { name: string; run: (call: SoapCall, context: SoapServiceContext) => string }>> = {
  CrSeed: {
    name: 'getSeed',
    run: (_call, context) => compactRespuesta([field('ESTADO', '00')], [field('SEMILLA', context.authentication.issueSeed())]),
  },
  GetTokenFromSeed: { name: 'getToken', run: getToken },
  QueryEstUp: { name: 'getEstUp', run: getEstUp },
  QueryEstDte: { name: 'getEstDte', run: getEstDte },
};

/** Answers a POSTed SOAP request to `service`. */
export function answerSoap(service: SoapService, body: Uint8Array, context: SoapServiceContext): HttpAnswer {
  const call = readSoapCall(body);
  if ('error' in call) return { status: 500, contentType: XML, body: soapFault(call.error, 'soapenv:Client') };
  const operation = OPERATIONS[service];
  if (call.operation !== operation.name) {
    return { status: 500, contentType: XML, body: soapFault(`No such operation '${call.operation}'`, 'soapenv:Client') };
  }
  return { status: 200, contentType: XML, body: soapResponse(operation.name, serviceNamespace(service), operation.run(call, context)) };
}

