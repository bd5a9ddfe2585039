import type { SigningCertificate } from '../core/certificate.ts';
import type { DteError } from '../core/errors.ts';
import { signSeed } from '../core/sign-seed.ts';
import { textAt } from '../core/verify/parse-xml.ts';
import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import { withRespuesta } from './sii-answer.ts';
import { malformedAnswer, siiRejected, siiUnavailable } from './sii-errors.ts';
import type { SoapCallOptions, SoapServices } from './soap-services.ts';

/**
 * The SII's login (autenticacion-automatica v1.9): CrSeed getSeed gives a seed valid for about two
 * minutes; the seed signed with the company certificate goes to GetTokenFromSeed getToken, which
 * gives the session token sent as `Cookie: TOKEN=…` and as the Token parameter of the queries.
 */

/**
 * getToken ESTADO values that say nothing about our request: the SII failed internally or the seed
 * timed out (08 "TIME-OUT DEL SEED", "NO Existe SEED"). A new seed and token may well succeed. The
 * others (01–06, 11, 21: the signed XML or its signature is wrong; -3 and -07: the certificate's
 * owner cannot authenticate) will fail again the same way.
 */
const TRANSIENT_TOKEN_STATES: ReadonlySet<string> = new Set(['07', '08', '09', '10', '12']);

/** Reads CrSeed's answer: ESTADO 00 and the seed (SEMILLA; the manual's §6.1.1 example says SEED). */
export function parseSeedAnswer(xml: string, catalog: CodeCatalog): string {
  return withRespuesta(xml, 'CrSeed getSeed', ({ header, body }) => {
    const state = header.ESTADO ?? '';
    if (state !== '00') {
      const meaning = catalog.meaning('crseed_estado', state) ?? header.GLOSA ?? 'unknown state';
      // -1 and -2 are the SII's own failures (configuration, database): a later request may work.
      throw siiUnavailable(`The SII could not create a login seed (CrSeed ESTADO ${state}: ${meaning}); try again later.`, {
        service: 'CrSeed', state, meaning,
      });
    }
    const seed = textAt(body, 'SEMILLA') ?? textAt(body, 'SEED');
    if (seed === undefined || !/^\d{1,20}$/.test(seed)) throw malformedAnswer('CrSeed getSeed', 'it has ESTADO 00 but no numeric SEMILLA', xml);
    return seed;
  });
}

/** Reads GetTokenFromSeed's answer: ESTADO 00 and TOKEN; any other state is an error with its meaning. */
export function parseTokenAnswer(xml: string, catalog: CodeCatalog): string {
  return withRespuesta(xml, 'GetTokenFromSeed getToken', ({ header, body }) => {
    const state = header.ESTADO ?? '';
    if (state !== '00') throw tokenStateError(state, header.GLOSA, catalog);
    const token = textAt(body, 'TOKEN');
    if (token === undefined || token === '' || /\s/.test(token)) {
      throw malformedAnswer('GetTokenFromSeed getToken', 'it has ESTADO 00 but no TOKEN');
    }
    return token;
  });
}

function tokenStateError(state: string, glosa: string | undefined, catalog: CodeCatalog): DteError {
  const meaning = catalog.meaning('gettoken_estado', state) ?? glosa ?? 'unknown state';
  const details = { service: 'GetTokenFromSeed', state, meaning };
  if (TRANSIENT_TOKEN_STATES.has(state)) {
    return siiUnavailable(`The SII could not issue a session token (getToken ESTADO ${state}: ${meaning}); try again later.`, details);
  }
  const advice = state === '-07' || state === '-3'
    ? "check that the certificate's owner is registered at the SII to authenticate with a digital certificate"
    : 'check that the certificate is valid and not revoked; if it is, this is a bug in how the seed is signed';
  return siiRejected(`The SII refused the login (getToken ESTADO ${state}: ${meaning}); ${advice}.`, details);
}

/** Gets a fresh token: a seed, signed with the certificate, exchanged for a token. */
export async function requestToken(services: SoapServices, certificate: SigningCertificate, catalog: CodeCatalog, options: SoapCallOptions): Promise<string> {
  const seed = parseSeedAnswer(await services.call('CrSeed', 'getSeed', null, options), catalog);
  const signed = signSeed(seed, certificate);
  return parseTokenAnswer(await services.call('GetTokenFromSeed', 'getToken', { pszXml: signed }, options), catalog);
}
