import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, verifyWebhookSignature, type HostResolver } from '../../src/notify/index.ts';
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

// The receivers listen on 127.0.0.1: these tests allow private addresses unless they test the refusal.
const send = (path: string, options: { secret?: string | null; timeoutMs?: number } = {}) => deliverWebhook({
  url: `${url}${path}`, body: '{"event":"document.accepted"}', secret: options.secret === undefined ? secret : options.secret,
  deliveryId: 'delivery-1', timeoutMs: options.timeoutMs ?? 2_000, now: new Date(), allowPrivateAddresses: true,
});

/** A resolver that answers `addresses` for every name, and counts how often it was asked. */
function resolverOf(...addresses: string[][]): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    return (addresses[Math.min(calls.length - 1, addresses.length - 1)] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

const port = () => new URL(url).port;
const deliver = (target: string, resolve: HostResolver, allowPrivateAddresses: boolean) => deliverWebhook({
  url: target, body: '{}', secret, deliveryId: 'delivery-2', timeoutMs: 2_000, now: new Date(), allowPrivateAddresses, resolve,
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

  it('follows no redirect, not even on the same host, and does not retry it', async () => {
    for (const answer of [{ redirect: '/moved' }, { redirect: `${otherUrl}/steal`, status: 302 }, { redirect: 'http://169.254.169.254/', status: 301 }]) {
      receiver.answers = [answer];
      const before = receiver.received.length;
      const result = await send('/old');
      expect(result).toMatchObject({ ok: false, retryable: false, status: answer.status ?? 307, message: expect.stringContaining('redirects are not followed') });
      expect(receiver.received.length - before).toBe(1);
    }
    expect(elsewhere.received).toEqual([]);
  });

  it('resolves the host, refuses it when any address is not public, and connects to nothing then', async () => {
    const cases: Array<[string[], string]> = [
      [['127.0.0.1'], '127.0.0.1, a loopback address'],
      [['93.184.216.34', '10.0.0.5'], '10.0.0.5, a private address'],
      [['::ffff:127.0.0.1'], '::ffff:127.0.0.1, a loopback address (IPv4-mapped)'],
      [['fe80::1'], 'fe80::1, a link-local address'],
      [['169.254.169.254'], "169.254.169.254, a cloud provider's metadata address"],
    ];
    const before = receiver.received.length;
    for (const [addresses, named] of cases) {
      const resolve = resolverOf(addresses);
      const result = await deliver(`http://hooks.example:${port()}/x`, resolve, false);
      expect(result, addresses.join()).toEqual({ ok: false, retryable: false, message: `The callback host hooks.example resolves to ${named}; webhooks are only sent to public addresses.` });
      expect(resolve.calls).toEqual(['hooks.example']);
    }
    // Even where private addresses are allowed, a metadata service is not.
    expect(await deliver(`http://hooks.example:${port()}/x`, resolverOf(['169.254.169.254']), true)).toMatchObject({ ok: false, retryable: false });
    expect(await deliver(`http://[fd00:ec2::254]:${port()}/x`, resolverOf([]), true)).toMatchObject({ ok: false, retryable: false });
    expect(receiver.received.length).toBe(before);
  });

  it('refuses literal internal addresses and localhost without resolving them', async () => {
    for (const target of [`${url}/x`, `http://localhost:${port()}/x`, `http://[::1]:${port()}/x`, `http://0.0.0.0:${port()}/x`]) {
      const resolve = resolverOf(['93.184.216.34']);
      expect(await deliver(target, resolve, false), target).toMatchObject({ ok: false, retryable: false, message: expect.stringContaining('webhooks are only sent to public addresses') });
      expect(resolve.calls, target).toEqual([]);
    }
  });

  it('connects to the address it checked, resolving once, whatever the name resolves to later', async () => {
    // A rebinding resolver: first the receiver's loopback address, then an address nothing listens on.
    const resolve = resolverOf(['127.0.0.1'], ['127.0.0.2']);
    receiver.answers = [200];
    const result = await deliver(`http://hooks.example:${port()}/rebind`, resolve, true);
    expect(result).toEqual({ ok: true, status: 200 });
    expect(resolve.calls).toEqual(['hooks.example']);
    const request = receiver.received.at(-1);
    expect([request?.path, request?.headers.host]).toEqual(['/rebind', `hooks.example:${port()}`]);
  });

  it('retries when the name cannot be resolved', async () => {
    const failing: HostResolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.invalid'), { code: 'ENOTFOUND' });
    };
    expect(await deliver('https://hooks.invalid/x', failing, false)).toEqual({ ok: false, retryable: true, message: 'The callback host hooks.invalid cannot be resolved: ENOTFOUND.' });
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
