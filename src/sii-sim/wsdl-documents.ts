import { readFileSync } from 'node:fs';

/**
 * The SII's WSDLs (resources/wsdl, copied from the SII's own), served at `<service>.jws?WSDL` with
 * the `soap:address` pointing at the simulator, so a client that reads the WSDL calls the simulator.
 */

/** The SOAP services of the SII that the simulator answers. */
export const SOAP_SERVICES = ['CrSeed', 'GetTokenFromSeed', 'QueryEstUp', 'QueryEstDte'] as const;
export type SoapService = (typeof SOAP_SERVICES)[number];

const documents = new Map<SoapService, string>();

function wsdlText(service: SoapService): string {
  let text = documents.get(service);
  if (text === undefined) {
    text = readFileSync(new URL(`../../resources/wsdl/${service}.wsdl`, import.meta.url), 'utf8');
    documents.set(service, text);
  }
  return text;
}

/** The WSDL of `service` with its address rewritten to `baseUrl` (`http://127.0.0.1:8089`). */
export function wsdlFor(service: SoapService, baseUrl: string): string {
  return wsdlText(service).replace(/(<wsdlsoap:address\s+location=")[^"]*(")/, `$1${baseUrl}/DTEWS/${service}.jws$2`);
}

/** The service's namespace (the WSDL's targetNamespace), which the answers' `ns1` prefix names. */
export function serviceNamespace(service: SoapService): string {
  return /targetNamespace="([^"]+)"/.exec(wsdlText(service))?.[1] ?? `https://maullin.sii.cl/DTEWS/${service}.jws`;
}
