import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header with the moment of signing, in whole seconds since the epoch. */
export const TIMESTAMP_HEADER = 'X-DTE-Timestamp';
/** The header with the signature: `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>`. */
export const SIGNATURE_HEADER = 'X-DTE-Signature';
/** The header naming the event delivered, the same on every retry, so receivers can drop repeats. */
export const DELIVERY_HEADER = 'X-DTE-Delivery';

/**
 * Signs a webhook body: `sha256=` + hex HMAC-SHA256 with the shared secret over
 * `<timestamp>.<body>`. The timestamp is inside the signature so that a captured request cannot be
 * replayed later than the receiver's tolerance.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a receiver checks. */
export interface WebhookCheck {
  secret: string;
  /** The X-DTE-Timestamp header as received. */
  timestamp: string | undefined;
  /** The raw body as received, before any JSON parsing. */
  body: string;
  /** The X-DTE-Signature header as received. */
  signature: string | undefined;
  /** Seconds of difference allowed between the timestamp and `now`; 300 by default. */
  toleranceSeconds?: number;
  /** The receiver's clock; the system's by default. */
  now?: Date;
}

/**
 * Verifies a webhook as a receiver must: the timestamp is recent and the signature matches the
 * body, compared in constant time. For receivers and tests; the service only signs.
 */
export function verifyWebhookSignature(check: WebhookCheck): boolean {
  const { timestamp, signature } = check;
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = Math.floor((check.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (check.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(check.secret, timestamp, check.body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
