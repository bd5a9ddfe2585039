import type { SigningCertificate } from '../core/certificate.ts';
import { DteError } from '../core/errors.ts';
import { parseRut, type Rut } from '../core/rut.ts';
import { requestToken } from './authentication.ts';
import { CircuitBreakers, DEFAULT_CIRCUIT_BREAKER_OPTIONS, sharedCircuitBreakers, type CircuitBreaker } from './circuit-breaker.ts';
import { documentStatusArguments, parseDocumentStatus } from './document-status.ts';
import { parseEnvelopeStatus } from './envelope-status.ts';
import { checkHttpStatus, exchange, fetchTransport, SII_USER_AGENT, type HttpTransport } from './http-transport.ts';
import { DEFAULT_RETRY_POLICY, withRetries } from './retry-policy.ts';
import type { RetryPolicy } from '../core/retry.ts';
import { normaliseTrackId } from './sii-answer.ts';
import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import type { SiiEnvironment } from '../core/sii-environment.ts';
import { SII_PATHS, siiBaseUrl } from './sii-environment.ts';
import { mayHaveDelivered, scrubError, siiUnavailable, TokenRejectedError, withUnknownOutcome } from './sii-errors.ts';
import type { DocumentStatus, DocumentStatusQuery, EnvelopeStatus, SiiGateway, UploadOptions, UploadReceipt } from '../app/ports/sii-gateway.ts';
import { systemRuntime, type SiiRuntime } from './sii-runtime.ts';
import { SoapServices } from './soap-services.ts';
import { DEFAULT_TOKEN_LIFETIME_MS, TokenCache } from './token-cache.ts';
import { buildUploadForm, interpretUploadAnswer, parseUploadAnswer } from './upload-envelope.ts';

/** How a gateway to the SII is built. Everything but the environment and certificate has a default. */
export interface SiiClientOptions {
  environment: SiiEnvironment;
  /** Replaces the environment's host (scheme, host and port): the local SII on another port. */
  baseUrl?: string;
  /** The company's certificate: it logs in, and its RUT (signerRut) is the sender of uploads. */
  certificate: SigningCertificate;
  /** The application's code catalog, to word the SII's answers and errors (siiCodeCatalog). */
  catalog: CodeCatalog;
  /** Milliseconds before a SOAP request is abandoned (30 s). */
  requestTimeoutMs?: number;
  /** Milliseconds before an upload is abandoned (120 s: envelopes can be megabytes). */
  uploadTimeoutMs?: number;
  /** Attempts and backoff of transient failures (DEFAULT_RETRY_POLICY). */
  retry?: Partial<RetryPolicy>;
  /** How long a token is kept after its last successful use (DEFAULT_TOKEN_LIFETIME_MS). */
  tokenLifetimeMs?: number;
  /** Clock, sleep and randomness (the system's). */
  runtime?: SiiRuntime;
  /** The HTTP transport (Node's fetch). */
  transport?: HttpTransport;
  /** Tokens shared between gateways; one of its own otherwise. */
  tokenCache?: TokenCache;
  /**
   * Breakers shared between gateways. Defaults to the process's, or to a private set on the given
   * runtime's clock when a runtime is given (tests).
   */
  circuitBreakers?: CircuitBreakers;
}

/** Builds the SII adapter of the SiiGateway port. */
export function createSiiGateway(options: SiiClientOptions): SiiGateway {
  return new SiiClient(options);
}

/**
 * The SII adapter. Each operation logs in when it has no live token (seed, signed seed, token),
 * runs with retries and through its host's circuit breaker, and, when the SII says the token is no
 * longer valid, gets a fresh one and repeats the operation once.
 */
export class SiiClient implements SiiGateway {
  /** The SII's base URL this client talks to. */
  readonly baseUrl: string;
  private readonly certificate: SigningCertificate;
  private readonly catalog: CodeCatalog;
  private readonly sender: Rut;
  private readonly services: SoapServices;
  private readonly transport: HttpTransport;
  private readonly runtime: SiiRuntime;
  private readonly retry: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private readonly breaker: CircuitBreaker;
  private readonly tokens: TokenCache;
  private readonly tokenKey: string;
  /** Tokens this client has held, so that no error leaving it can quote one. */
  private readonly usedTokens: string[] = [];

  constructor(options: SiiClientOptions) {
    this.baseUrl = siiBaseUrl(options.environment, options.baseUrl);
    this.certificate = options.certificate;
    this.catalog = options.catalog;
    const sender = parseRut(options.certificate.signerRut ?? '');
    if (sender === undefined) {
      throw new DteError('CERTIFICATE_INVALID', "The certificate has no RUT in its subject's serialNumber; the SII identifies the sender by it.");
    }
    this.sender = sender;
    this.transport = options.transport ?? fetchTransport;
    this.runtime = options.runtime ?? systemRuntime;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? 120_000;
    this.services = new SoapServices(this.baseUrl, this.transport);
    const breakers = options.circuitBreakers
      ?? (options.runtime === undefined ? sharedCircuitBreakers() : new CircuitBreakers(DEFAULT_CIRCUIT_BREAKER_OPTIONS, this.runtime.now));
    this.breaker = breakers.forHost(this.baseUrl);
    this.tokens = options.tokenCache ?? new TokenCache(options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, this.runtime.now);
    this.tokenKey = TokenCache.key(this.baseUrl, options.certificate.certificate.fingerprint256);
  }

  /** Uploads an EnvioDTE to /cgi_dte/UPL/DTEUpload; the receipt's track id is not a verdict. */
  async upload(envelope: Uint8Array, options: UploadOptions): Promise<UploadReceipt> {
    const company = requireRut(options.companyRut, '/companyRut');
    if (envelope.byteLength === 0) throw new DteError('VALIDATION_FAILED', 'The envelope to upload is empty.', { details: [{ pointer: '', message: 'The envelope to upload is empty.' }] });
    const form = buildUploadForm(this.sender, company, options.fileName ?? 'EnvioDTE.xml', envelope);
    const parties = { senderRut: this.sender.canonical, companyRut: company.canonical };
    const url = `${this.baseUrl}${SII_PATHS.upload}`;
    // Whether any attempt may have delivered the file: then a failure leaves its outcome unknown.
    let delivered = false;
    const attempt = async (token: string): Promise<UploadReceipt> => {
      const response = await exchange(this.transport, {
        method: 'POST',
        url,
        headers: {
          'Content-Type': form.contentType,
          'Cookie': `TOKEN=${token}`,
          'User-Agent': SII_USER_AGENT,
          'Accept': 'image/gif, image/x-xbitmap, image/jpeg, image/pjpeg, */*',
          'Accept-Language': 'es-cl',
          'Cache-Control': 'no-cache',
        },
        body: form.body,
      }, { timeoutMs: this.uploadTimeoutMs, signal: options.signal, what: 'the upload' });
      if (response.status !== 401) checkHttpStatus(response, url, 'the upload');
      return interpretUploadAnswer(parseUploadAnswer(response.body, response.status), parties, this.catalog);
    };
    try {
      return await this.run(options.signal, async (token) => {
        try {
          return await attempt(token);
        } catch (error) {
          if (mayHaveDelivered(error)) delivered = true;
          throw error;
        }
      });
    } catch (error) {
      // The fact only the transport knows; what it means (a refusal after it settles it) is the application's to decide.
      if (!delivered || !(error instanceof DteError)) throw error;
      throw withUnknownOutcome(error);
    }
  }

  /** Asks QueryEstUp getEstUp how an envelope is going. */
  async envelopeStatus(trackId: string, companyRut: string, options: { signal?: AbortSignal } = {}): Promise<EnvelopeStatus> {
    const company = requireRut(companyRut, '/companyRut');
    const plainTrackId = normaliseTrackId(trackId);
    if (plainTrackId === undefined) {
      const message = `"${trackId}" is not a track id: the SII's track ids are whole numbers.`;
      throw new DteError('VALIDATION_FAILED', message, { details: [{ pointer: '/trackId', message }] });
    }
    return this.run(options.signal, async (token) => {
      const args = { RutCompania: String(company.body), DvCompania: company.checkDigit, TrackId: plainTrackId, Token: token };
      const answer = await this.services.call('QueryEstUp', 'getEstUp', args, { timeoutMs: this.requestTimeoutMs, signal: options.signal });
      return parseEnvelopeStatus(answer, plainTrackId, this.catalog);
    });
  }

  /** Asks QueryEstDte getEstDte about one document, as the certificate's owner. */
  async documentStatus(query: DocumentStatusQuery, options: { signal?: AbortSignal } = {}): Promise<DocumentStatus> {
    const args = documentStatusArguments(query, this.sender.canonical);
    return this.run(options.signal, async (token) => {
      const answer = await this.services.call('QueryEstDte', 'getEstDte', { ...args, Token: token }, { timeoutMs: this.requestTimeoutMs, signal: options.signal });
      return parseDocumentStatus(answer, this.catalog);
    });
  }

  /** Runs an operation that needs a token, and makes sure no error leaving the client quotes one. */
  private async run<T>(signal: AbortSignal | undefined, operation: (token: string) => Promise<T>): Promise<T> {
    try {
      return await this.authenticated(signal, (token) => this.guarded(signal, () => operation(token)));
    } catch (error) {
      throw scrubError(error, this.usedTokens);
    }
  }

  /**
   * Runs `operation` with the cached token (logging in when there is none). When the SII refuses the
   * token, it is dropped, a fresh one is obtained and the operation runs once more; a fresh token
   * refused too is a retryable SII_UNAVAILABLE that says so.
   */
  private async authenticated<T>(signal: AbortSignal | undefined, operation: (token: string) => Promise<T>): Promise<T> {
    const token = await this.token(signal);
    try {
      return await this.used(token, operation);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.tokens.invalidate(this.tokenKey, token);
    }
    const fresh = await this.token(signal);
    try {
      return await this.used(fresh, operation);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.tokens.invalidate(this.tokenKey, fresh);
      throw siiUnavailable(`${error.message} It refused a freshly issued token as well; try again later, and if it persists check that ${this.sender.canonical}, the certificate's owner, may act for the company at the SII.`, {
        siiCode: error.siiCode,
      });
    }
  }

  private async used<T>(token: string, operation: (token: string) => Promise<T>): Promise<T> {
    const result = await operation(token);
    this.tokens.touch(this.tokenKey, token);
    return result;
  }

  /** The live token, logging in (with retries and through the breaker) when there is none. */
  private async token(signal: AbortSignal | undefined): Promise<string> {
    const token = await this.tokens.obtain(this.tokenKey, () => this.guarded(signal, () =>
      requestToken(this.services, this.certificate, this.catalog, { timeoutMs: this.requestTimeoutMs, signal })));
    if (!this.usedTokens.includes(token)) {
      this.usedTokens.push(token);
      if (this.usedTokens.length > 16) this.usedTokens.shift();
    }
    return token;
  }

  /** Runs one exchange with retries, each attempt through the host's circuit breaker. */
  private guarded<T>(signal: AbortSignal | undefined, operation: () => Promise<T>): Promise<T> {
    return withRetries(() => this.breaker.run(operation), this.retry, this.runtime, signal);
  }
}

function requireRut(text: string, pointer: string): Rut {
  const rut = parseRut(text);
  if (rut !== undefined) return rut;
  const message = `"${text}" is not a valid RUT.`;
  throw new DteError('VALIDATION_FAILED', message, { details: [{ pointer, message }] });
}
