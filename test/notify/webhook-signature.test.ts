import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../src/notify/index.ts';

const secret = 'a-webhook-secret-of-some-length';
const body = JSON.stringify({ event: 'document.accepted', document: { id: 'x', folio: 1 } });
const now = new Date('2026-11-20T12:00:00Z');
const timestamp = String(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, as a receiver can recompute by hand', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhook(secret, timestamp, body)).toBe(`sha256=${expected}`);
  });

  it('accepts a fresh, matching signature', () => {
    const signature = signWebhook(secret, timestamp, body);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now })).toBe(true);
  });

  it('refuses a changed body, another secret, an old timestamp and missing headers', () => {
    const signature = signWebhook(secret, timestamp, body);
    expect(verifyWebhookSignature({ secret, timestamp, body: body.replace('accepted', 'rejected'), signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'another-secret-entirely', timestamp, body, signature, now })).toBe(false);
    const late = new Date(now.getTime() + 301_000);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now: late })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now: late, toleranceSeconds: 600 })).toBe(true);
    expect(verifyWebhookSignature({ secret, timestamp: undefined, body, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature: undefined, now })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature: signature.slice(0, -1), now })).toBe(false);
  });
});
