import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';

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
}

/** How an attempt went: delivered, or why not and whether a retry can help. */
export type DeliveryResult =
  | { ok: true; status: number }
  | { ok: false; retryable: boolean; status?: number; message: string };

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * POSTs a signed webhook. A 2xx is delivered; network errors, timeouts, 408, 425, 429 and 5xx are
 * worth retrying; other answers are not (the receiver refuses). Redirects are followed only to the
 * same origin (scheme, host and port), never to another host, and at most three times: a callback
 * URL must not become a way to make the service post elsewhere.
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
  const origin = target.origin;
  const timestamp = String(Math.floor(request.now.getTime() / 1000));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'dte-service-webhook/1',
    [TIMESTAMP_HEADER]: timestamp,
    [DELIVERY_HEADER]: request.deliveryId,
  };
  if (request.secret !== null) headers[SIGNATURE_HEADER] = signWebhook(request.secret, timestamp, request.body);
  const signal = AbortSignal.timeout(request.timeoutMs);
  for (let hop = 0; ; hop += 1) {
    let response: Response;
    try {
      response = await fetch(target, { method: 'POST', headers, body: request.body, redirect: 'manual', signal });
    } catch (error) {
      const timedOut = signal.aborted;
      return { ok: false, retryable: true, message: timedOut ? `No answer within ${request.timeoutMs} ms.` : `Could not reach the receiver: ${causeOf(error)}.` };
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    if (REDIRECTS.has(response.status)) {
      const location = response.headers.get('location');
      const next = location === null ? undefined : safeParse(location, target);
      if (next === undefined) return { ok: false, retryable: false, status: response.status, message: `A ${response.status} redirect without a usable Location.` };
      if (next.origin !== origin) {
        return { ok: false, retryable: false, status: response.status, message: `The receiver redirects to another host (${next.host}); redirects are followed only on ${target.host}.` };
      }
      if (hop >= MAX_REDIRECTS) return { ok: false, retryable: false, status: response.status, message: `More than ${MAX_REDIRECTS} redirects.` };
      target = next;
      continue;
    }
    const retryable = response.status >= 500 || [408, 425, 429].includes(response.status);
    return { ok: false, retryable, status: response.status, message: `The receiver answered ${response.status}.` };
  }
}

function safeParse(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** The network cause of a failed fetch (ECONNREFUSED, …), without the URL. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}
