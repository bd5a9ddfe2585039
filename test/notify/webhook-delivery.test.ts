import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, verifyWebhookSignature } from '../../src/notify/index.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';

const secret = 'a-webhook-secret-of-some-length';
const receiver = new WebhookReceiver();
const elsewhere = new WebhookReceiver();
let url = '';
let otherUrl = '';

beforeAll(async () => {
  url = await receiver.start();
  otherUrl = await elsewhere.start();
});
afterAll(async () => {
  await receiver.stop();
  await elsewhere.stop();
});

const send = (path: string, options: { secret?: string | null; timeoutMs?: number } = {}) => deliverWebhook({
  url: `${url}${path}`, body: '{"event":"document.accepted"}', secret: options.secret === undefined ? secret : options.secret,
  deliveryId: 'delivery-1', timeoutMs: options.timeoutMs ?? 2_000, now: new Date(),
});

describe('webhook delivery', () => {
  it('posts the signed body and reports a 2xx as delivered', async () => {
    receiver.answers = [204];
    expect(await send('/ok')).toEqual({ ok: true, status: 204 });
    const request = receiver.received.at(-1);
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers['x-dte-delivery']).toBe('delivery-1');
    expect(verifyWebhookSignature({
      secret, body: request?.body ?? '', timestamp: request?.headers['x-dte-timestamp'] as string, signature: request?.headers['x-dte-signature'] as string,
    })).toBe(true);
  });

  it('sends no signature without a secret', async () => {
    await send('/unsigned', { secret: null });
    expect(receiver.received.at(-1)?.headers['x-dte-signature']).toBeUndefined();
  });

  it('follows a redirect on the same host and refuses one to another host', async () => {
    receiver.answers = [{ redirect: '/moved' }, 200];
    expect(await send('/old')).toEqual({ ok: true, status: 200 });
    expect(receiver.received.slice(-2).map((request) => request.path)).toEqual(['/old', '/moved']);
    receiver.answers = [{ redirect: `${otherUrl}/steal`, status: 302 }];
    const refused = await send('/away');
    expect(refused).toMatchObject({ ok: false, retryable: false, status: 302 });
    expect(elsewhere.received).toEqual([]);
  });

  it('retries 5xx, 429 and timeouts but not other 4xx', async () => {
    receiver.answers = [503];
    expect(await send('/busy')).toMatchObject({ ok: false, retryable: true, status: 503 });
    receiver.answers = [429];
    expect(await send('/slow-down')).toMatchObject({ ok: false, retryable: true, status: 429 });
    receiver.answers = [410];
    expect(await send('/gone')).toMatchObject({ ok: false, retryable: false, status: 410 });
    receiver.answers = ['hang'];
    expect(await send('/hang', { timeoutMs: 100 })).toMatchObject({ ok: false, retryable: true, message: 'No answer within 100 ms.' });
  });

  it('refuses URLs that are not http or https', async () => {
    const result = await deliverWebhook({ url: 'file:///etc/passwd', body: '{}', secret, deliveryId: 'x', timeoutMs: 100, now: new Date() });
    expect(result).toMatchObject({ ok: false, retryable: false });
  });
});
