/**
 * Slack's request signatures (v0): `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">`
 * with the app's signing secret, and `X-Slack-Request-Timestamp` within five minutes of now, so that a
 * captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, in seconds. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** A request as signed: its two headers and its body exactly as received. */
export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
}

/** Why a request is refused, or undefined when it is Slack's. */
export function signatureProblem(signingSecret: string, request: SignedRequest, now: Date): string | undefined {
  const { timestamp, signature, body } = request;
  if (timestamp === undefined || signature === undefined) return 'the request is not signed (X-Slack-Signature and X-Slack-Request-Timestamp are needed)';
  if (!/^\d{1,12}$/.test(timestamp)) return 'X-Slack-Request-Timestamp is not a time';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return 'X-Slack-Request-Timestamp is more than five minutes from now';
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'X-Slack-Signature does not match the body';
  return undefined;
}

/** The `X-Slack-Signature` of a body sent at `timestamp` (Unix seconds, as text). */
export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}
