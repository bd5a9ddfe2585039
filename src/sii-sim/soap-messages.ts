import { XmlElement } from 'libxml2-wasm';
import { childElement, parseUntrustedXml } from '../core/verify/parse-xml.ts';
import { escapeXml } from './sii-respuesta.ts';

/**
 * SOAP 1.1 rpc/encoded messages, written by hand to match the wire format of the SII's Apache Axis
 * services byte for byte in structure (CrSeed_getSeedResponse.soap.xml,
 * GetTokenFromSeed_getTokenResponse.soap.xml): `soapenv` prefix, an `ns1:<operation>Response` wrapper
 * with `soapenv:encodingStyle`, and a `<operation>Return xsi:type="xsd:string">` whose content is the
 * SII's answer as escaped XML. node-soap's server writes a different envelope (its own prefixes, no
 * encodingStyle, no xsi:type), so it is not used to answer.
 */

const SOAP_ENVELOPE = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A call read from a request: the operation's local name and its parameters by local name and by position. */
export interface SoapCall {
  operation: string;
  parameters: ReadonlyMap<string, string>;
  positional: readonly string[];
}

/** Reads an rpc call from a request body; explains what is wrong when it is not one. */
export function readSoapCall(body: Uint8Array): SoapCall | { error: string } {
  const parsed = parseUntrustedXml(body);
  if (!parsed.ok) return { error: `The request is not well-formed XML: ${parsed.errors[0]?.message ?? 'unknown error'}` };
  try {
    const envelope = parsed.document.root;
    if (envelope.name !== 'Envelope' || envelope.namespaceUri !== SOAP_ENVELOPE) return { error: 'The request is not a SOAP 1.1 Envelope.' };
    const soapBody = childElement(envelope, 'Body');
    let call: XmlElement | undefined;
    for (let node = soapBody?.firstChild ?? null; node !== null && call === undefined; node = node.next) {
      if (node instanceof XmlElement) call = node;
    }
    if (call === undefined) return { error: 'The SOAP Body holds no call.' };
    const parameters = new Map<string, string>();
    const positional: string[] = [];
    for (let node = call.firstChild; node !== null; node = node.next) {
      if (!(node instanceof XmlElement)) continue;
      parameters.set(node.name, node.content);
      positional.push(node.content);
    }
    return { operation: call.name, parameters, positional };
  } finally {
    parsed.document.dispose();
  }
}

/** A parameter by name, else by its position in the WSDL's parameterOrder (Axis accepts either). */
export function parameter(call: SoapCall, name: string, position: number): string | undefined {
  return call.parameters.get(name) ?? call.positional[position];
}

/** The response envelope of an rpc/encoded operation returning a string. */
export function soapResponse(operation: string, namespace: string, value: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    '<soapenv:Body>',
    `<ns1:${operation}Response soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="${escapeXml(namespace)}">`,
    `<${operation}Return xsi:type="xsd:string">${escapeXml(value)}</${operation}Return>`,
    `</ns1:${operation}Response>`,
    '</soapenv:Body>',
    '</soapenv:Envelope>',
  ].join('\n');
}

/** An Axis-style SOAP fault (sent with HTTP 500). */
export function soapFault(message: string, code = 'soapenv:Server.userException'): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    '<soapenv:Body>',
    '<soapenv:Fault>',
    `<faultcode>${code}</faultcode>`,
    `<faultstring>${escapeXml(message)}</faultstring>`,
    '<detail><ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">sii-sim</ns1:hostname></detail>',
    '</soapenv:Fault>',
    '</soapenv:Body>',
    '</soapenv:Envelope>',
  ].join('\n');
}
