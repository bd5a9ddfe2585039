import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusedHost, type CallbackPolicy } from '../core/callback-url.ts';
import { isIpAddress } from '../core/network-address.ts';
import { isRetryableHttpStatus } from '../core/retry.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (by default the system's resolver, as `fetch` uses). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** One delivery attempt. */
export interface WebhookRequest {
  url: string;
  /** The JSON body, exactly as signed. */
  body: string;
  /** WEBHOOK_SECRET; without it the request goes unsigned. */
  secret: string | null;
  /** Names the event; the same on every retry. */
  deliveryId: string;
  timeoutMs: number;
  now: Date;
  /** CALLBACK_ALLOW_PRIVATE: whether loopback, private and link-local addresses may receive it; false by default. */
  allowPrivateAddresses?: boolean;
  /** The resolver; tests give one that answers what they need. */
  resolve?: HostResolver;
}

/** How an attempt went: delivered, or why not and whether a retry can help. */
export type DeliveryResult =
  | { ok: true; status: number }
  | { ok: false; retryable: boolean; status?: number; message: string };

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * POSTs a signed webhook. A 2xx is delivered; network errors, timeouts, 408, 425, 429 and 5xx are
 * worth retrying; other answers are not (the receiver refuses).
 *
 * The receiver must be public. The host is resolved first and every address it has is checked
 * (core/callback-url.ts: no loopback, private, link-local or metadata address, unless private ones
 * are allowed); the connection then goes to the checked addresses only, so a name that resolves
 * elsewhere a moment later (DNS rebinding) changes nothing. Redirects are never followed: a 3xx is
 * a failed delivery, not retried, since the next hop could be anywhere; the receiver's URL must be
 * the final one.
 */
export async function deliverWebhook(request: WebhookRequest): Promise<DeliveryResult> {
  let target: URL;
  try {
    target = new URL(request.url);
  } catch {
    return { ok: false, retryable: false, message: 'The callback URL is not a URL.' };
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    return { ok: false, retryable: false, message: `The callback URL's scheme ${target.protocol} is not http or https.` };
  }
  const policy: CallbackPolicy = { allowPrivateAddresses: request.allowPrivateAddresses ?? false };
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const resolved = await resolveChecked(host, policy, request.resolve ?? systemResolver);
  if (!resolved.ok) return resolved;
  const timestamp = String(Math.floor(request.now.getTime() / 1000));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(request.body)),
    'User-Agent': 'dte-service-webhook/1',
    [TIMESTAMP_HEADER]: timestamp,
    [DELIVERY_HEADER]: request.deliveryId,
  };
  if (request.secret !== null) headers[SIGNATURE_HEADER] = signWebhook(request.secret, timestamp, request.body);
  const signal = AbortSignal.timeout(request.timeoutMs);
  let status: number;
  try {
    status = await post(target, host, resolved.addresses, headers, request.body, signal);
  } catch (error) {
    return { ok: false, retryable: true, message: signal.aborted ? `No answer within ${request.timeoutMs} ms.` : `Could not reach the receiver: ${causeOf(error)}.` };
  }
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400) {
    return { ok: false, retryable: false, status, message: `The receiver answered ${status}, a redirect; redirects are not followed: set callbackUrl to the final address.` };
  }
  return { ok: false, retryable: isRetryableHttpStatus(status), status, message: `The receiver answered ${status}.` };
}

type Resolution = { ok: true; addresses: ResolvedAddress[] } | { ok: false; retryable: boolean; message: string };

/** The host's addresses when every one may receive webhooks; a literal address is its own. */
async function resolveChecked(host: string, policy: CallbackPolicy, resolve: HostResolver): Promise<Resolution> {
  const named = refusedHost(host, policy);
  if (named !== undefined) return { ok: false, retryable: false, message: `The callback host ${host} is ${named.description}; webhooks are only sent to public addresses.` };
  let addresses: ResolvedAddress[];
  if (isIpAddress(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return { ok: false, retryable: true, message: `The callback host ${host} cannot be resolved: ${causeOf(error)}.` };
    }
  }
  if (addresses.length === 0) return { ok: false, retryable: true, message: `The callback host ${host} has no address.` };
  for (const { address } of addresses) {
    const refused = refusedHost(address, policy);
    if (refused !== undefined) {
      return { ok: false, retryable: false, message: `The callback host ${host} resolves to ${address}, ${refused.description}; webhooks are only sent to public addresses.` };
    }
  }
  return { ok: true, addresses };
}

/** POSTs the body to `target`, connecting only to `addresses`, and resolves with the status. */
function post(target: URL, host: string, addresses: ResolvedAddress[], headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  // The checked addresses, answered to the connection whatever it asks for.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all === true) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send({
      method: 'POST', host, port: target.port === '' ? undefined : Number(target.port), path: `${target.pathname}${target.search}`,
      headers, lookup: pinned, signal, agent: false,
    }, (response: IncomingMessage) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The network cause of a failed request (ECONNREFUSED, …), without the URL. */
function causeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code ?? (error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined);
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown error';
}
