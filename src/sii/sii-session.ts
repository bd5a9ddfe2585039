import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import type { SigningCertificate } from '../core/certificate.ts';
import { requestToken } from './authentication.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { RetryPolicy } from '../core/retry.ts';
import { withRetries } from './retry-policy.ts';
import { scrubError, siiUnavailable, TokenRejectedError } from './sii-errors.ts';
import type { SiiRuntime } from './sii-runtime.ts';
import type { SoapServices } from './soap-services.ts';
import { TokenCache } from './token-cache.ts';

/**
 * A session with the SII for one certificate: the login (seed, signed seed, token) at the login host,
 * the token kept in a TokenCache under the same key SiiClient uses (host and certificate fingerprint),
 * so that clients sharing the cache share the token, and the calls that use it: each exchange with
 * retries and through a circuit breaker; a token the SII refuses is dropped, a fresh one obtained and
 * the call repeated once; no error that leaves quotes a token.
 *
 * SiiClient does the same with private methods of its own; this is the piece the registry client
 * (which calls a second host with the same token) needs, written so that SiiClient can move onto it.
 */
export interface SiiSessionOptions {
  /** The host of CrSeed and GetTokenFromSeed (maullin, palena, or the local SII). */
  loginBaseUrl: string;
  /** SOAP services of the login host. */
  services: SoapServices;
  certificate: SigningCertificate;
  catalog: CodeCatalog;
  tokens: TokenCache;
  /** The login host's circuit breaker. */
  loginBreaker: CircuitBreaker;
  retry: RetryPolicy;
  runtime: SiiRuntime;
  requestTimeoutMs: number;
  /** The certificate owner's RUT, for messages. */
  senderRut: string;
}

export class SiiSession {
  private readonly tokenKey: string;
  /** Tokens this session has held, so that no error leaving it can quote one. */
  private readonly usedTokens: string[] = [];

  constructor(private readonly options: SiiSessionOptions) {
    this.tokenKey = TokenCache.key(options.loginBaseUrl, options.certificate.certificate.fingerprint256);
  }

  /**
   * Runs `operation` with a live token: each attempt through `breaker` (the host the operation calls)
   * with the retry policy, a refused token renewed once, and every token scrubbed from errors.
   */
  async run<T>(breaker: CircuitBreaker, signal: AbortSignal | undefined, operation: (token: string) => Promise<T>): Promise<T> {
    try {
      return await this.authenticated(signal, (token) => this.guarded(breaker, signal, () => operation(token)));
    } catch (error) {
      throw scrubError(error, this.usedTokens);
    }
  }

  private async authenticated<T>(signal: AbortSignal | undefined, operation: (token: string) => Promise<T>): Promise<T> {
    const token = await this.token(signal);
    try {
      return await this.used(token, operation);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.options.tokens.invalidate(this.tokenKey, token);
    }
    const fresh = await this.token(signal);
    try {
      return await this.used(fresh, operation);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.options.tokens.invalidate(this.tokenKey, fresh);
      throw siiUnavailable(`${error.message} It refused a freshly issued token as well; try again later, and if it persists check that ${this.options.senderRut}, the certificate's owner, may act for the company at the SII.`, {
        siiCode: error.siiCode,
      });
    }
  }

  private async used<T>(token: string, operation: (token: string) => Promise<T>): Promise<T> {
    const result = await operation(token);
    this.options.tokens.touch(this.tokenKey, token);
    return result;
  }

  /** The live token, logging in (with retries and through the login host's breaker) when there is none. */
  private async token(signal: AbortSignal | undefined): Promise<string> {
    const { services, certificate, catalog, requestTimeoutMs, loginBreaker } = this.options;
    const token = await this.options.tokens.obtain(this.tokenKey, () => this.guarded(loginBreaker, signal, () =>
      requestToken(services, certificate, catalog, { timeoutMs: requestTimeoutMs, signal })));
    if (!this.usedTokens.includes(token)) {
      this.usedTokens.push(token);
      if (this.usedTokens.length > 16) this.usedTokens.shift();
    }
    return token;
  }

  private guarded<T>(breaker: CircuitBreaker, signal: AbortSignal | undefined, operation: () => Promise<T>): Promise<T> {
    return withRetries(() => breaker.run(operation), this.options.retry, this.options.runtime, signal);
  }
}
