import type { XmlElement } from 'libxml2-wasm';
import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import type { RegistryCode, RegistryEvent } from '../app/ports/registry-gateway.ts';
import { formatSiiDateTime } from '../core/sii-time.ts';
import { childElement, childElements, textAt } from '../core/verify/parse-xml.ts';
import { childElementsOf, withXml } from './sii-answer.ts';
import { malformedAnswer, redact, siiUnavailable, TokenRejectedError } from './sii-errors.ts';

/**
 * The registry's SOAP messages (RegistroReclamoDteService; resources/wsdl/RegistroReclamoDteService.wsdl,
 * ours, written from the manual): requests written as the manual's annex shows them (document/literal,
 * `ws:<operation>` with unqualified fields), answers read by local name: `<operation>Response/return`
 * with codResp, descResp and listaEventosDoc, or the bare date string of consultarFechaRecepcionSii.
 * A SOAP fault that speaks of the token ("Error de Autenticacion: TOKEN invalido", as public clients
 * see it) is a refused token; another fault is the SII failing.
 */

/** The registry's operations. */
export type RegistryOperation = 'ingresarAceptacionReclamoDoc' | 'listarEventosHistDoc' | 'consultarDocDteCedible' | 'consultarFechaRecepcionSii';

/** The service's namespace (manual, annex). */
export const REGISTRY_NAMESPACE = 'http://ws.registroreclamodte.diii.sdi.sii.cl';

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The request envelope of `operation` with its fields in order. */
export function registryRequest(operation: RegistryOperation, fields: ReadonlyArray<readonly [string, string]>): string {
  const values = fields.map(([name, value]) => `<${name}>${escape(value)}</${name}>`).join('');
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ws="${REGISTRY_NAMESPACE}">`
    + `<soapenv:Header/><soapenv:Body><ws:${operation}>${values}</ws:${operation}></soapenv:Body></soapenv:Envelope>`;
}

/** An answer with codResp, as read. */
export interface CodedAnswer {
  code: number;
  description: string;
  events: RegistryEvent[];
}

/** Reads an answer that carries codResp (every operation but consultarFechaRecepcionSii). */
export function readCodedAnswer(xml: string, operation: Exclude<RegistryOperation, 'consultarFechaRecepcionSii'>): CodedAnswer {
  return withReturn(xml, operation, (value) => {
    if (value === undefined) throw malformedAnswer(`the registry's ${operation}`, 'its response has no return', xml);
    const codeText = textAt(value, 'codResp');
    if (codeText === undefined || !/^-?\d+$/.test(codeText)) throw malformedAnswer(`the registry's ${operation}`, 'its return has no numeric codResp', xml);
    const events = childElements(value, 'listaEventosDoc').map((element) => readEvent(element, operation, xml));
    return { code: Number(codeText), description: redact(textAt(value, 'descResp') ?? ''), events };
  });
}

/** Reads consultarFechaRecepcionSii's answer: the date string, possibly empty. */
export function readDateAnswer(xml: string): string {
  return withReturn(xml, 'consultarFechaRecepcionSii', (value) => value?.content.trim() ?? '');
}

/** Hands the Body's `<operation>Response/return` (absent when empty) to `read`, or throws the error its fault means. */
function withReturn<T>(xml: string, operation: RegistryOperation, read: (value: XmlElement | undefined) => T): T {
  const what = `the registry's ${operation}`;
  return withXml(xml, what, (root) => {
    if (root.name !== 'Envelope') throw malformedAnswer(what, `the root element is <${root.name}>, not a SOAP Envelope`, xml);
    const body = childElement(root, 'Body');
    const fault = childElement(body, 'Fault');
    if (fault !== undefined) throw faultError(what, textAt(fault, 'faultcode') ?? '', textAt(fault, 'faultstring') ?? '');
    const response = childElement(body, `${operation}Response`);
    if (response === undefined) throw malformedAnswer(what, `its Body holds no ${operation}Response`, xml);
    return read(childElement(response, 'return'));
  });
}

/**
 * A SOAP fault: about the token, a TokenRejectedError (the client logs in again); a client fault, a
 * request the SII cannot read (retrying will not help); a server fault, the SII failing (retryable).
 */
function faultError(what: string, code: string, message: string): Error {
  const text = redact(message).slice(0, 300);
  if (/token/i.test(message)) return new TokenRejectedError(what, 'SOAP fault', text);
  const client = /client$/i.test(code);
  return siiUnavailable(`The SII answered ${what} with a SOAP fault (${code || 'no faultcode'}: ${text})${client ? '; the request was not understood, retrying will not help' : '; try again later'}.`, {
    faultcode: code, faultstring: text,
  }, { retryable: !client });
}

function readEvent(element: XmlElement, operation: string, xml: string): RegistryEvent {
  const texts: Record<string, string> = {};
  for (const child of childElementsOf(element)) texts[child.name] = child.content.trim();
  const siiTime = texts.fechaEvento ?? '';
  const at = chileInstant(siiTime);
  if (at === undefined) throw malformedAnswer(`the registry's ${operation}`, `an event's fechaEvento "${redact(siiTime).slice(0, 40)}" is not DD-MM-YYYY HH:MM:SS`, xml);
  const body = texts.rutResponsable ?? '';
  const digit = texts.dvResponsable ?? '';
  return {
    code: texts.codEvento ?? '',
    description: redact(texts.descEvento ?? ''),
    responsibleRut: digit === '' ? body : `${body}-${digit.toUpperCase()}`,
    at,
    siiTime,
  };
}

/**
 * `DD-MM-YYYY HH:MM:SS` (or `DD-MM-YYYY`) in Chilean time as an ISO instant, or undefined when the text
 * is not one. The offset is Santiago's at that moment (daylight saving included).
 */
export function chileInstant(text: string): string | undefined {
  const match = /^(\d{2})-(\d{2})-(\d{4})(?:\s+(\d{2}):(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, day, month, year, hour = '00', minute = '00', second = '00'] = match;
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(local) || new Date(local).getUTCDate() !== Number(day)) return undefined;
  // The instant whose Santiago wall time is `local`: correct the guess by the offset, twice for the change days.
  let instant = local;
  for (let step = 0; step < 2; step += 1) instant = local - (Date.parse(`${formatSiiDateTime(new Date(instant))}Z`) - instant);
  return new Date(instant).toISOString();
}

/** codResp as the port carries it: code, catalog meaning, the SII's description. */
export function registryCode(answer: CodedAnswer, catalog: CodeCatalog): RegistryCode {
  const listed = catalog.meaning('registroreclamo_codResp', String(answer.code));
  // The catalog prefixes the cedibility codes with their operation's name: not part of the meaning.
  const meaning = listed?.replace(/^\([A-Za-z]+\)\s*/, '') ?? (answer.description || 'a code the catalog does not list');
  return { code: answer.code, meaning, description: answer.description };
}
