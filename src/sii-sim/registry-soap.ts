import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { Authentication } from './authentication.ts';
import type { RegistryResult, RegistryService } from './registry-service.ts';
import { escapeXml, field } from './sii-respuesta.ts';
import { readSoapCall, type SoapCall } from './soap-messages.ts';
import type { HttpAnswer } from './soap-services.ts';
import { tokenCookie } from './upload-gateway.ts';

/**
 * The registry's SOAP endpoint: RegistroReclamoDteService at the paths of the manual, document/literal
 * in the wire format of the manual's annex (a JAX-WS service: `S:Envelope`, `ns2:<operation>Response`
 * in the service's namespace, `<return>` with unqualified children), and our WSDL
 * (resources/wsdl/RegistroReclamoDteService.wsdl: the SII publishes none) at `?wsdl`. The session token
 * is the upload's, sent as the cookie `TOKEN=…`; a missing, unknown or expired one is answered with a
 * SOAP fault "Error de Autenticacion: TOKEN invalido", as public clients of the real service observe
 * it (it answers no codResp for it).
 */

/** The service's namespace (manual, annex). */
export const REGISTRY_NAMESPACE = 'http://ws.registroreclamodte.diii.sdi.sii.cl';

/** The service's paths: certification (ws2.sii.cl) and production (ws1.sii.cl); the local SII answers both. */
export const REGISTRY_PATHS = ['/WSREGISTRORECLAMODTECERT/registroreclamodteservice', '/WSREGISTRORECLAMODTE/registroreclamodteservice'] as const;

/** The fault text for a bad token. */
export const TOKEN_FAULT = 'Error de Autenticacion: TOKEN invalido';

const SOAP_ENVELOPE = 'http://schemas.xmlsoap.org/soap/envelope/';
const XML = 'text/xml; charset=utf-8';

let wsdl: string | undefined;

/** Our WSDL with its address moved to `baseUrl` + `path`. */
export function registryWsdl(baseUrl: string, path: string): string {
  wsdl ??= readFileSync(new URL('../../resources/wsdl/RegistroReclamoDteService.wsdl', import.meta.url), 'utf8');
  return wsdl.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${escapeXml(baseUrl + path)}$2`);
}

/** What the endpoint needs. */
export interface RegistryEndpointContext {
  authentication: Authentication;
  registry: RegistryService;
}

function envelope(body: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S="${SOAP_ENVELOPE}"><S:Body>${body}</S:Body></S:Envelope>`;
}

/** A JAX-WS style fault, sent with HTTP 500. */
export function registryFault(message: string, code: 'S:Server' | 'S:Client' = 'S:Server'): HttpAnswer {
  return { status: 500, contentType: XML, body: envelope(`<S:Fault><faultcode>${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></S:Fault>`) };
}

function response(operation: string, content: string): HttpAnswer {
  return { status: 200, contentType: XML, body: envelope(`<ns2:${operation}Response xmlns:ns2="${REGISTRY_NAMESPACE}">${content}</ns2:${operation}Response>`) };
}

/** `<return>` with codResp, descResp and, for a listing, one listaEventosDoc per event. */
function codeReturn(result: RegistryResult): string {
  const events = (result.events ?? []).map((event) => {
    const [body = '', digit = ''] = event.rutResponsable.split('-');
    return `<listaEventosDoc>${field('codEvento', event.codEvento)}${field('descEvento', event.descEvento)}${field('rutResponsable', body)}${field('dvResponsable', digit)}${field('fechaEvento', event.fechaEvento)}</listaEventosDoc>`;
  });
  return `<return>${field('codResp', result.codResp)}${field('descResp', result.descResp)}${events.join('')}</return>`;
}

function documentParameters(call: SoapCall): { rutEmisor: string; dvEmisor: string; tipoDoc: string; folio: string } {
  // Document/literal: the fields are read by name only.
  const read = (name: string): string => call.parameters.get(name) ?? '';
  return { rutEmisor: read('rutEmisor'), dvEmisor: read('dvEmisor'), tipoDoc: read('tipoDoc'), folio: read('folio') };
}

/** Answers a POST to the registry's path. */
export function answerRegistry(body: Uint8Array, headers: IncomingHttpHeaders, context: RegistryEndpointContext): HttpAnswer {
  const call = readSoapCall(body);
  if ('error' in call) return registryFault(call.error, 'S:Client');
  const token = context.authentication.checkToken(tokenCookie(headers.cookie));
  if (!token.ok) return registryFault(TOKEN_FAULT);
  const caller = token.rut;
  const document = documentParameters(call);
  switch (call.operation) {
    case 'ingresarAceptacionReclamoDoc':
      return response(call.operation, codeReturn(context.registry.record(caller, { ...document, accionDoc: call.parameters.get('accionDoc') ?? '' })));
    case 'listarEventosHistDoc':
      return response(call.operation, codeReturn(context.registry.list(caller, document)));
    case 'consultarDocDteCedible':
      return response(call.operation, codeReturn(context.registry.cedible(document)));
    case 'consultarFechaRecepcionSii':
      return response(call.operation, field('return', context.registry.receptionDate(caller, document)));
    default:
      return registryFault(`Cannot find dispatch method for {${REGISTRY_NAMESPACE}}${call.operation}`, 'S:Client');
  }
}
