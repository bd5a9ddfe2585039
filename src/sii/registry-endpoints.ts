import type { RealSiiEnvironment, SiiEnvironment } from '../core/sii-environment.ts';
import { siiBaseUrl } from './sii-environment.ts';

/**
 * Where the SII's registry of acceptances and claims lives (manual "Web Service de Consulta y Registro
 * de Aceptación/Reclamo a DTE recibido" v1.2, "WSDL del Web Service"): not on maullin/palena like the
 * other services, but on ws2.sii.cl (certification) and ws1.sii.cl (production), each under its own
 * path. The local SII answers both paths on its own host; the client uses the certification one there.
 */

/** The registry's host in each real environment. */
export const REGISTRY_HOSTS: Readonly<Record<RealSiiEnvironment, string>> = {
  certificacion: 'https://ws2.sii.cl',
  produccion: 'https://ws1.sii.cl',
};

/** The registry's path in each real environment. */
export const REGISTRY_SERVICE_PATHS: Readonly<Record<RealSiiEnvironment, string>> = {
  certificacion: '/WSREGISTRORECLAMODTECERT/registroreclamodteservice',
  produccion: '/WSREGISTRORECLAMODTE/registroreclamodteservice',
};

/** The registry's host and full URL for an environment. */
export interface RegistryEndpoint {
  /** Scheme, host and port: the circuit breaker's key. */
  baseUrl: string;
  /** Where the SOAP calls go. */
  url: string;
}

/**
 * The registry's endpoint. `override` replaces the host (scheme, host and port), checked as SII_URL is;
 * for `local` without one it is the local SII's default address.
 */
export function registryEndpoint(environment: SiiEnvironment, override?: string): RegistryEndpoint {
  const pathEnvironment: RealSiiEnvironment = environment === 'local' ? 'certificacion' : environment;
  const baseUrl = override !== undefined || environment === 'local' ? siiBaseUrl(environment, override) : REGISTRY_HOSTS[environment];
  return { baseUrl, url: `${baseUrl}${REGISTRY_SERVICE_PATHS[pathEnvironment]}` };
}
