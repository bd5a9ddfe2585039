import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import type {
  RegistryAction, RegistryActionResult, RegistryCallOptions, RegistryCedibilityResult, RegistryDocument, RegistryEventsResult,
  RegistryGateway, RegistryReceptionResult,
} from '../app/ports/registry-gateway.ts';
import type { SigningCertificate } from '../core/certificate.ts';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { inspectRut, parseRut } from '../core/rut.ts';
import type { SiiEnvironment } from '../core/sii-environment.ts';
import { CircuitBreakers, DEFAULT_CIRCUIT_BREAKER_OPTIONS, sharedCircuitBreakers, type CircuitBreaker } from './circuit-breaker.ts';
import { checkHttpStatus, exchange, fetchTransport, SII_USER_AGENT, type HttpTransport } from './http-transport.ts';
import { registryEndpoint, type RegistryEndpoint } from './registry-endpoints.ts';
import { readCodedAnswer, readDateAnswer, registryRequest, type RegistryOperation } from './registry-messages.ts';
import { actionResult, cedibilityResult, eventsResult, receptionResult } from './registry-results.ts';
import type { RetryPolicy } from '../core/retry.ts';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
import { siiBaseUrl } from './sii-environment.ts';
import { systemRuntime, type SiiRuntime } from './sii-runtime.ts';
import { SiiSession } from './sii-session.ts';
import { SoapServices } from './soap-services.ts';
import { DEFAULT_TOKEN_LIFETIME_MS, TokenCache } from './token-cache.ts';

/** How a registry gateway is built; as SiiClientOptions, with the registry's own host. */
export interface RegistryClientOptions {
  environment: SiiEnvironment;
  /** Replaces the login host (CrSeed, GetTokenFromSeed): maullin/palena, or the local SII on its port. */
  baseUrl?: string;
  /** Replaces the registry's host (ws2/ws1.sii.cl); `baseUrl` when only that is given (the local SII serves both). */
  registryBaseUrl?: string;
  /** The certificate that logs in: its owner must act for the issuer or the receiver of each document asked about. */
  certificate: SigningCertificate;
  /** The code catalog, for the meaning of every codResp. */
  catalog: CodeCatalog;
  /** Milliseconds before a request is abandoned (30 s). */
  requestTimeoutMs?: number;
  /** Retries of transient failures (DEFAULT_RETRY_POLICY). */
  retry?: Partial<RetryPolicy>;
  /** How long a token is kept after its last successful use (DEFAULT_TOKEN_LIFETIME_MS). */
  tokenLifetimeMs?: number;
  /** Clock, sleep and randomness (the system's). */
  runtime?: SiiRuntime;
  /** The HTTP transport (Node's fetch). */
  transport?: HttpTransport;
  /** Tokens shared with the SII client of the same certificate: pass the same cache to log in once for both. */
  tokenCache?: TokenCache;
  /** Breakers shared between gateways (the process's by default, or a private set on a given runtime's clock). */
  circuitBreakers?: CircuitBreakers;
}

/** Builds the SII adapter of the RegistryGateway port. */
export function createRegistryGateway(options: RegistryClientOptions): RegistryGateway {
  return new RegistryClient(options);
}

/**
 * The registry of acceptances and claims (RegistroReclamoDteService) over SOAP, with the upload's
 * session token (logged in at the SII's host, sent as the cookie `TOKEN=…` to the registry's host),
 * the same retry policy, circuit breakers (one per host), timeouts and cancellation as the other SII
 * calls. Every codResp comes back typed (registry-results.ts); retrying an action is safe, because the
 * SII answers a repeated event with 7 (already recorded) rather than recording it twice.
 */
export class RegistryClient implements RegistryGateway {
  /** Where the registry is. */
  readonly endpoint: RegistryEndpoint;
  private readonly catalog: CodeCatalog;
  private readonly transport: HttpTransport;
  private readonly requestTimeoutMs: number;
  private readonly breaker: CircuitBreaker;
  private readonly session: SiiSession;

  constructor(options: RegistryClientOptions) {
    const sender = parseRut(options.certificate.signerRut ?? '');
    if (sender === undefined) {
      throw new DteError('CERTIFICATE_INVALID', "The certificate has no RUT in its subject's serialNumber; the SII identifies the caller by it.");
    }
    const loginBaseUrl = siiBaseUrl(options.environment, options.baseUrl);
    this.endpoint = registryEndpoint(options.environment, options.registryBaseUrl ?? options.baseUrl);
    this.catalog = options.catalog;
    this.transport = options.transport ?? fetchTransport;
    const runtime = options.runtime ?? systemRuntime;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    const breakers = options.circuitBreakers
      ?? (options.runtime === undefined ? sharedCircuitBreakers() : new CircuitBreakers(DEFAULT_CIRCUIT_BREAKER_OPTIONS, runtime.now));
    this.breaker = breakers.forHost(this.endpoint.baseUrl);
    this.session = new SiiSession({
      loginBaseUrl,
      services: new SoapServices(loginBaseUrl, this.transport),
      certificate: options.certificate,
      catalog: options.catalog,
      tokens: options.tokenCache ?? new TokenCache(options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, runtime.now),
      loginBreaker: breakers.forHost(loginBaseUrl),
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      runtime,
      requestTimeoutMs: this.requestTimeoutMs,
      senderRut: sender.canonical,
    });
  }

  /** ingresarAceptacionReclamoDoc. */
  async recordAction(document: RegistryDocument, action: RegistryAction, options: RegistryCallOptions = {}): Promise<RegistryActionResult> {
    const problems: Problem[] = [];
    const fields = documentFields(document, problems);
    if (typeof action !== 'string' || !/^[A-Z]{3}$/.test(action)) {
      problems.push({ pointer: '/action', message: `${JSON.stringify(action)} is not an action code of three capital letters (ACD, ERM, RCD, RFP, RFT).` });
    }
    refuseProblems(problems);
    const operation = 'ingresarAceptacionReclamoDoc';
    return this.call(operation, [...fields, ['accionDoc', action]], options.signal, (xml) => actionResult(readCodedAnswer(xml, operation), this.catalog));
  }

  /** listarEventosHistDoc. */
  async listEvents(document: RegistryDocument, options: RegistryCallOptions = {}): Promise<RegistryEventsResult> {
    const operation = 'listarEventosHistDoc';
    return this.call(operation, checkedFields(document), options.signal, (xml) => eventsResult(readCodedAnswer(xml, operation), this.catalog));
  }

  /** consultarDocDteCedible. */
  async cedibility(document: RegistryDocument, options: RegistryCallOptions = {}): Promise<RegistryCedibilityResult> {
    const operation = 'consultarDocDteCedible';
    return this.call(operation, checkedFields(document), options.signal, (xml) => cedibilityResult(readCodedAnswer(xml, operation), this.catalog));
  }

  /** consultarFechaRecepcionSii. */
  async receptionDate(document: RegistryDocument, options: RegistryCallOptions = {}): Promise<RegistryReceptionResult> {
    return this.call('consultarFechaRecepcionSii', checkedFields(document), options.signal, (xml) => receptionResult(readDateAnswer(xml)));
  }

  /**
   * One operation in the session: the request POSTed with the token cookie, the answer read by `read`
   * inside the attempt (so a refused token or an unreadable answer is retried as the policy says).
   */
  private call<T>(operation: RegistryOperation, fields: ReadonlyArray<readonly [string, string]>, signal: AbortSignal | undefined, read: (xml: string) => T): Promise<T> {
    const what = `the registry's ${operation}`;
    const body = registryRequest(operation, fields);
    return this.session.run(this.breaker, signal, async (token) => {
      const response = await exchange(this.transport, {
        method: 'POST',
        url: this.endpoint.url,
        headers: { 'Content-Type': 'text/xml; charset=utf-8', 'SOAPAction': '""', 'Cookie': `TOKEN=${token}`, 'User-Agent': SII_USER_AGENT },
        body,
      }, { timeoutMs: this.requestTimeoutMs, signal, what });
      const text = Buffer.from(response.body).toString('utf8');
      // A SOAP fault comes with HTTP 500: its text says what failed, so it is read, not just counted as a 5xx.
      if (!(response.status === 500 && /<(?:[\w-]+:)?Fault[\s>]/.test(text))) checkHttpStatus(response, this.endpoint.url, what);
      return read(text);
    });
  }
}

/** rutEmisor, dvEmisor, tipoDoc and folio, or a VALIDATION_FAILED naming each field that cannot be sent. */
function checkedFields(document: RegistryDocument): Array<readonly [string, string]> {
  const problems: Problem[] = [];
  const fields = documentFields(document, problems);
  refuseProblems(problems);
  return fields;
}

/**
 * The document's fields as the SII reads them (manual: rutEmisor NUM 8 without dots, dvEmisor with an
 * upper-case K, tipoDoc NUM 2, folio NUM 10). What can be sent is sent: whether the type is one the
 * registry serves, or the folio one it knows, is the SII's to answer (codResp 3, 2, 10…); a RUT that is
 * not one, or whose check digit is wrong, is a problem here.
 */
function documentFields(document: RegistryDocument, problems: Problem[]): Array<readonly [string, string]> {
  const rut = inspectRut(String(document.issuerRut ?? ''));
  if (rut.kind === 'malformed') problems.push({ pointer: '/issuerRut', message: `"${document.issuerRut}" is not a RUT such as 76192083-9.` });
  if (rut.kind === 'wrong-check-digit') problems.push({ pointer: '/issuerRut', message: `${document.issuerRut} has the check digit ${rut.given}; the RUT ${rut.body} has ${rut.expected}.` });
  if (!Number.isSafeInteger(document.type) || document.type < 0 || document.type > 99) problems.push({ pointer: '/type', message: `${document.type} is not a document type (a whole number of up to two digits).` });
  if (!Number.isSafeInteger(document.folio) || document.folio < 0 || document.folio > 9_999_999_999) problems.push({ pointer: '/folio', message: `${document.folio} is not a folio (a whole number of up to ten digits).` });
  const valid = rut.kind === 'valid' ? rut.rut : undefined;
  return [['rutEmisor', String(valid?.body ?? '')], ['dvEmisor', valid?.checkDigit ?? ''], ['tipoDoc', String(document.type)], ['folio', String(document.folio)]];
}

function refuseProblems(problems: Problem[]): void {
  if (problems.length > 0) throw new DteError('VALIDATION_FAILED', 'The registry request has problems; nothing was sent to the SII.', { details: problems });
}
