import { isRetryableHttpStatus } from '../core/retry.ts';
import { siiUnavailable, CANCELLED } from './sii-errors.ts';

/**
 * One HTTP exchange with the SII, and the classification of what can go wrong on the wire. Both the
 * SOAP services and the upload go through here, so timeouts and transport errors mean the same
 * everywhere.
 */

/** A request as the client sends it. */
export interface HttpRequest {
  method: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  signal: AbortSignal;
}

/** A response, whatever its status. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Sends one request. It rejects only when no response arrived (network, abort). */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * The User-Agent of every request. The upload gateway answers XML only when it contains `PROG 1.0`
 * (envio.pdf, "Requerimientos del request"), and answers 401 "NO ESTA AUTENTICADO" otherwise.
 */
export const SII_USER_AGENT = 'Mozilla/4.0 (compatible; PROG 1.0; Windows NT 5.0; YComp 5.0.2.4)';

/** The transport of Node's fetch. Redirects are not followed: the SII's services never redirect. */
export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    redirect: 'manual',
  });
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: Object.fromEntries(response.headers), body };
};

/** How long to wait and what to call the exchange in messages. */
export interface ExchangeOptions {
  /** Milliseconds before the request is abandoned. */
  timeoutMs: number;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  /** What the request does, for messages: "the upload", "CrSeed getSeed". */
  what: string;
}

/**
 * Sends a request with a timeout. A timeout, a refused or reset connection or an unknown host is a
 * retryable SII_UNAVAILABLE error; a cancellation by the caller is one marked `cancelled`.
 */
export async function exchange(transport: HttpTransport, request: Omit<HttpRequest, 'signal'>, options: ExchangeOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  const location = describeUrl(request.url);
  try {
    return await transport({ ...request, signal });
  } catch (error) {
    if (options.signal?.aborted === true) {
      throw siiUnavailable(`${capitalise(options.what)} was cancelled.`, { url: location, [CANCELLED]: true }, { cause: error });
    }
    if (timeout.aborted) {
      throw siiUnavailable(`The SII did not answer ${options.what} within ${options.timeoutMs} ms (${location}); it may be overloaded, try again later.`, {
        url: location,
        reason: 'timeout',
      }, { cause: error });
    }
    const reason = networkReason(error);
    throw siiUnavailable(`The SII could not be reached for ${options.what} (${location}: ${reason}); check the network and the SII's address, or try again later.`, {
      url: location,
      reason,
    }, { cause: error });
  }
}

/**
 * Turns a status other than 2xx into an error: 408, 425, 429 and 5xx are retryable (isRetryableHttpStatus:
 * the SII is failing or busy); other statuses are not, since asking the same way gets the same answer.
 */
export function checkHttpStatus(response: HttpResponse, url: string, what: string): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const location = describeUrl(url);
  const details = { url: location, httpStatus: status };
  if (isRetryableHttpStatus(status)) {
    throw siiUnavailable(`The SII answered ${what} with HTTP ${status} (${location}); it is failing or busy, try again later.`, details);
  }
  throw siiUnavailable(`The SII answered ${what} with HTTP ${status} (${location}); check the environment and --sii-url, retrying will not help.`, details, { retryable: false });
}

/** The URL without query or credentials, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

/** The system error code of a failed fetch (ECONNREFUSED, ENOTFOUND, …), or its message. */
function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    if (current instanceof AggregateError && current.errors[0] instanceof Error) current = current.errors[0];
    else current = current.cause;
  }
  return error instanceof Error ? error.message : String(error);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
