import { DteError } from '../core/errors.ts';

import type { RealSiiEnvironment, SiiEnvironment } from '../core/sii-environment.ts';

/** The base URL of each real environment (maullin certificación, palena producción). */
export const SII_HOSTS: Readonly<Record<RealSiiEnvironment, string>> = {
  certificacion: 'https://maullin.sii.cl',
  produccion: 'https://palena.sii.cl',
};

/** Where the local SII (src/sii-sim) listens unless told otherwise. */
export const DEFAULT_LOCAL_SII_URL = 'http://127.0.0.1:8089';

/** The SII's paths, the same on every host. */
export const SII_PATHS = {
  seed: '/DTEWS/CrSeed.jws',
  token: '/DTEWS/GetTokenFromSeed.jws',
  envelopeStatus: '/DTEWS/QueryEstUp.jws',
  documentStatus: '/DTEWS/QueryEstDte.jws',
  upload: '/cgi_dte/UPL/DTEUpload',
} as const;

/**
 * The base URL (scheme, host, port, no trailing slash) of an environment. `override` replaces it, for
 * the local SII on another port or a proxy; for `local` without override it is DEFAULT_LOCAL_SII_URL.
 * A URL that is not http(s) or carries a path, query or credentials is a VALIDATION_FAILED error.
 */
export function siiBaseUrl(environment: SiiEnvironment, override?: string): string {
  const text = override ?? (environment === 'local' ? DEFAULT_LOCAL_SII_URL : SII_HOSTS[environment]);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidUrl(text, 'it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidUrl(text, 'use http:// or https://');
  if (url.username !== '' || url.password !== '') throw invalidUrl(text, 'it must not carry credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw invalidUrl(text, 'give only scheme, host and port; the SII paths are added by the client');
  }
  return `${url.protocol}//${url.host}`;
}

function invalidUrl(text: string, reason: string): DteError {
  const message = `"${text}" cannot be the SII's address: ${reason}.`;
  return new DteError('VALIDATION_FAILED', message, { details: [{ pointer: '--sii-url', message }] });
}
