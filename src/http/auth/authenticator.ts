/**
 * Verifies bearer tokens (JWT, jose): HS256 with the service's own secret, or an OAuth2 provider's
 * keys from its JWKS with issuer and audience checked. Either way the token must carry `sub`, `role`,
 * `companies` and `exp`.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { AuthConfig } from '../../config/config.ts';
import { DteError } from '../../core/errors.ts';
import { readClaims, type TokenIdentity } from './token-claims.ts';

/** Turns a bearer token into the identity it proves. */
export interface Authenticator {
  /**
   * Verifies the token and reads its claims. Throws DteError UNAUTHORIZED when the token is not
   * acceptable (bad signature, expired, wrong issuer or audience, missing claims), and a DteError
   * AUTH_UNAVAILABLE when the provider's keys cannot be fetched.
   */
  verify(token: string): Promise<TokenIdentity>;
}

/** Options common to both kinds of authenticator. */
export interface AuthenticatorOptions {
  /** The clock; the system's by default. Tests fix it to check expiry. */
  now?: () => Date;
  /** Seconds of clock difference tolerated on `exp` and `nbf`; DEFAULT_CLOCK_TOLERANCE_SECONDS by default. */
  clockToleranceSeconds?: number;
}

/**
 * Seconds a token past its `exp` (or before its `nbf`) is still taken: enough for clocks a few
 * seconds apart, too little to lengthen a token's life. JWT_CLOCK_TOLERANCE_SECONDS sets it.
 */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;

/** Asymmetric algorithms a provider may sign with; `none` and HMAC are never accepted from a JWKS. */
const PROVIDER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Verifies HS256 tokens signed with `secret` (the service's own, see src/config/resolve-secrets.ts). */
export function createLocalAuthenticator(
  settings: { secret: string; issuer?: string | null; audience?: string | null },
  options: AuthenticatorOptions = {},
): Authenticator {
  const key = new TextEncoder().encode(settings.secret);
  return verifier(key, { algorithms: ['HS256'], ...issuerAndAudience(settings) }, options);
}

/** Verifies tokens signed by an OAuth2 provider whose keys are published at `jwksUrl`. */
export function createJwksAuthenticator(
  settings: { jwksUrl: string; issuer: string; audience: string },
  options: AuthenticatorOptions & { timeoutMs?: number } = {},
): Authenticator {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: options.timeoutMs ?? 5000 });
  return verifier(keys, { algorithms: PROVIDER_ALGORITHMS, issuer: settings.issuer, audience: settings.audience }, options);
}

/**
 * The authenticator the configuration asks for, with its clock tolerance. `jwtSecret` is the
 * resolved local secret (resolveJwtSecret), required in local mode.
 */
export function createAuthenticator(auth: AuthConfig, jwtSecret: string | null, options: AuthenticatorOptions = {}): Authenticator {
  const withTolerance: AuthenticatorOptions = { clockToleranceSeconds: auth.clockToleranceSeconds, ...options };
  if (auth.mode === 'jwks') return createJwksAuthenticator(auth, withTolerance);
  if (jwtSecret === null) throw new DteError('INTERNAL', 'Local tokens need a JWT secret: pass the one resolveJwtSecret returns.');
  return createLocalAuthenticator({ secret: jwtSecret, issuer: auth.issuer, audience: auth.audience }, withTolerance);
}

function issuerAndAudience(settings: { issuer?: string | null; audience?: string | null }): JWTVerifyOptions {
  const checks: JWTVerifyOptions = {};
  if (settings.issuer) checks.issuer = settings.issuer;
  if (settings.audience) checks.audience = settings.audience;
  return checks;
}

function verifier(key: Uint8Array | JWTVerifyGetKey, checks: JWTVerifyOptions, options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? (() => new Date());
  return {
    async verify(token) {
      let payload: unknown;
      try {
        const verifyOptions = {
          ...checks,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
          currentDate: now(),
        };
        const result = typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions);
        payload = result.payload;
      } catch (error) {
        throw verificationError(error, typeof key === 'function');
      }
      const claims = readClaims(payload);
      if (!claims.ok) throw unauthorized(claims.reason);
      return claims.identity;
    },
  };
}

/** A refused token, with the reason a client can act on; never the token itself. */
export function unauthorized(reason: string): DteError {
  return new DteError('UNAUTHORIZED', reason, { details: { error: 'invalid_token' } });
}

/** The error to throw for a failed verification; only a remote key set can be unavailable. */
function verificationError(error: unknown, remote: boolean): unknown {
  if (error instanceof errors.JWTExpired) return unauthorized('The token has expired: get a new one.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return unauthorized(error.reason === 'missing' ? `The token has no ${error.claim} claim.` : `The token's ${error.claim} claim is not accepted here.`);
  }
  const keysMissing = error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid
    || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') || !(error instanceof errors.JOSEError);
  if (remote && keysMissing) return providerUnavailable(error);
  if (error instanceof errors.JOSEError) return unauthorized('The token is not valid: its signature, algorithm or form is not accepted.');
  return error;
}

function providerUnavailable(cause: unknown): DteError {
  return new DteError('AUTH_UNAVAILABLE', "The token provider's keys cannot be fetched now; try again shortly.", { cause });
}
