import { describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { CircuitBreaker, CircuitBreakers } from '../../src/sii/circuit-breaker.ts';
import { backoffDelay } from '../../src/core/retry.ts';
import { withRetries } from '../../src/sii/retry-policy.ts';
import { siiRejected, siiUnavailable } from '../../src/sii/sii-errors.ts';
import { PATHS } from './fake-sii.ts';
import { everythingShown, manualRuntime, rejectionOf, useFakeSii } from './support.ts';

describe('backoff', () => {
  const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 500, jitter: 1 };

  it('draws each delay uniformly below an exponential ceiling (full jitter)', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(policy, retry, () => 0.999))).toEqual([99, 199, 399, 499, 499]);
    expect([1, 2, 3].map((retry) => backoffDelay(policy, retry, () => 0))).toEqual([0, 0, 0]);
    expect(backoffDelay(policy, 3, () => 0.25)).toBe(100);
  });

  it('retries retryable errors only, waiting the drawn delays', async () => {
    const clock = manualRuntime(() => 0.5);
    let calls = 0;
    const result = await withRetries(async () => {
      calls += 1;
      if (calls < 3) throw siiUnavailable('down');
      return 'ok';
    }, policy, clock.runtime);
    expect(result).toBe('ok');
    expect(clock.sleeps).toEqual([50, 100]);

    calls = 0;
    const rejected = await rejectionOf(withRetries(async () => {
      calls += 1;
      throw siiRejected('no');
    }, policy, clock.runtime));
    expect(rejected.code).toBe('SII_REJECTED');
    expect(calls).toBe(1);
    await expect(withRetries(async () => {
      throw new TypeError('a bug');
    }, policy, clock.runtime)).rejects.toThrow(TypeError);
  });

  it('gives up after the last retry with the last error', async () => {
    const clock = manualRuntime();
    let calls = 0;
    const error = await rejectionOf(withRetries(async () => {
      calls += 1;
      throw siiUnavailable(`failure ${calls}`);
    }, { ...policy, attempts: 3 }, clock.runtime));
    expect(calls).toBe(3);
    expect(error.message).toBe('failure 3');
  });
});

describe('circuit breaker', () => {
  it('opens after N host failures, fails fast while open, lets one trial through after the cool-down', async () => {
    const clock = manualRuntime();
    const breaker = new CircuitBreaker('https://palena.sii.cl', { failureThreshold: 2, coolDownMs: 10_000 }, clock.runtime.now);
    const fail = () => breaker.run(async () => {
      throw siiUnavailable('HTTP 503');
    });
    await rejectionOf(fail());
    expect(breaker.state).toBe('closed');
    await rejectionOf(fail());
    expect(breaker.state).toBe('open');
    let ran = false;
    const fast = await rejectionOf(breaker.run(async () => void (ran = true)));
    expect(ran).toBe(false);
    expect(fast).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true, details: expect.objectContaining({ circuitOpen: true }) });
    expect(fast.message).toContain('https://palena.sii.cl failed 2 times in a row; calls to it are paused until 2026-11-20T12:00:10.000Z');

    clock.advance(10_000);
    expect(breaker.state).toBe('half-open');
    await rejectionOf(fail());
    expect(breaker.state).toBe('open');
    clock.advance(10_000);
    await breaker.run(async () => 'ok');
    expect(breaker.state).toBe('closed');
  });

  it('counts rejections and refusals as a live host', async () => {
    const clock = manualRuntime();
    const breaker = new CircuitBreaker('h', { failureThreshold: 1, coolDownMs: 1 }, clock.runtime.now);
    await rejectionOf(breaker.run(async () => {
      throw siiRejected('schema');
    }));
    await rejectionOf(breaker.run(async () => {
      throw siiUnavailable('HTTP 404', {}, { retryable: false });
    }));
    expect(breaker.state).toBe('closed');
  });

  it('lets a single trial through while half-open', async () => {
    const clock = manualRuntime();
    const breaker = new CircuitBreaker('h', { failureThreshold: 1, coolDownMs: 5 }, clock.runtime.now);
    await rejectionOf(breaker.run(async () => {
      throw siiUnavailable('down');
    }));
    clock.advance(5);
    let release: () => void = () => undefined;
    const trial = breaker.run(() => new Promise<void>((resolve) => void (release = resolve)));
    const second = await rejectionOf(breaker.run(async () => undefined));
    expect(second.message).toContain('paused');
    release();
    await trial;
    expect(breaker.state).toBe('closed');
  });
});

describe('the client under failure', () => {
  const setup = useFakeSii({ retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 } }, 100);
  const gateway = setup.gateway;

  const unavailable = () => ({ status: 503, contentType: 'text/html', body: '<html>Service Unavailable</html>' });
  const envelope = Buffer.from('<EnvioDTE/>\n');

  it('retries 5xx with backoff and succeeds', async () => {
    setup.sii.queue(PATHS.seed, unavailable, unavailable);
    const receipt = await gateway().upload(envelope, { companyRut: '76192083-9' });
    expect(receipt.trackId).toBe('39');
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(3);
    expect(setup.clock.sleeps).toEqual([50, 100]);
  });

  it('gives up after the retries with a retryable error naming the status', async () => {
    setup.sii.answer(PATHS.envelopeStatus, unavailable);
    const error = await rejectionOf(gateway().envelopeStatus('1', '76192083-9'));
    expect(error).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
    expect(error.message).toMatch(/^The SII answered QueryEstUp getEstUp with HTTP 503 \(http:\/\/127\.0\.0\.1:\d+\/DTEWS\/QueryEstUp\.jws\)/);
    expect(setup.sii.requestsTo(PATHS.envelopeStatus)).toHaveLength(4);
  });

  it('does not retry a 4xx, nor an upload the SII rejected', async () => {
    setup.sii.queue(PATHS.upload, () => ({ status: 404, body: 'Not Found' }));
    const missing = await rejectionOf(gateway().upload(envelope, { companyRut: '76192083-9' }));
    expect(missing).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: false });
    expect(setup.sii.requestsTo(PATHS.upload)).toHaveLength(1);
    setup.sii.queue(PATHS.upload, () => ({ body: '<RECEPCIONDTE><STATUS>8</STATUS></RECEPCIONDTE>' }));
    const signature = await rejectionOf(gateway().upload(envelope, { companyRut: '76192083-9' }));
    expect(signature).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect(setup.sii.requestsTo(PATHS.upload)).toHaveLength(2);
  });

  it('retries STATUS 9, a dropped connection and a malformed answer', async () => {
    setup.sii.queue(PATHS.upload, () => ({ body: '<RECEPCIONDTE><STATUS>9</STATUS></RECEPCIONDTE>' }), () => 'reset', () => ({ body: '<html>Error</html>' }));
    expect((await gateway().upload(envelope, { companyRut: '76192083-9' })).trackId).toBe('39');
    expect(setup.sii.requestsTo(PATHS.upload)).toHaveLength(4);
    expect(setup.clock.sleeps).toHaveLength(3);
  });

  it('abandons a request that gets no answer within the timeout', async () => {
    setup.sii.answer(PATHS.seed, () => 'hang');
    const error = await rejectionOf(gateway({ requestTimeoutMs: 100, retry: { attempts: 2 } }).envelopeStatus('1', '76192083-9'));
    expect(error).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true, details: expect.objectContaining({ reason: 'timeout' }) });
    expect(error.message).toContain('did not answer CrSeed getSeed within 100 ms');
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(2);
  });

  it('stops at once when the caller cancels', async () => {
    setup.sii.answer(PATHS.seed, () => 'hang');
    const controller = new AbortController();
    const pending = rejectionOf(gateway().envelopeStatus('1', '76192083-9', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    expect(error.message).toContain('was cancelled');
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(1);
  });

  it('opens the host\'s breaker for every gateway after repeated failures, and closes it after a good trial', async () => {
    const breakers = new CircuitBreakers({ failureThreshold: 3, coolDownMs: 10_000 }, setup.clock.runtime.now);
    setup.sii.answer(PATHS.seed, unavailable);
    const first = gateway({ circuitBreakers: breakers, retry: { attempts: 6 } });
    const error = await rejectionOf(first.envelopeStatus('1', '76192083-9'));
    // Three failures open the breaker; the retry loop then stops instead of waiting out its retries.
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(3);
    expect(error).toMatchObject({ retryable: true, details: expect.objectContaining({ circuitOpen: true }) });
    const second = gateway({ circuitBreakers: breakers });
    await rejectionOf(second.upload(envelope, { companyRut: '76192083-9' }));
    expect(setup.sii.requests).toHaveLength(3);

    // After the cool-down one trial goes through; it fails, so the breaker opens again.
    setup.clock.advance(10_000);
    await rejectionOf(second.upload(envelope, { companyRut: '76192083-9' }));
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(4);
    setup.clock.advance(10_000);
    setup.sii.restore(PATHS.seed);
    expect((await second.upload(envelope, { companyRut: '76192083-9' })).trackId).toBe('39');
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(5);
    expect((await first.envelopeStatus('1', '76192083-9')).state).toBe('EPR');
  });

  it('never shows the token, even when the SII echoes it in a broken answer', async () => {
    setup.sii.answer(PATHS.upload, (request) => ({ body: `<html>bad session ${request.headers.cookie ?? ''} for ${String(request.headers.cookie).slice(6)}</html>` }));
    const error = await rejectionOf(gateway({ retry: { attempts: 1 } }).upload(envelope, { companyRut: '76192083-9' }));
    expect(error.message).toContain('could not be read');
    expect(everythingShown(error)).not.toContain(setup.sii.tokenNumber(1));
    expect(JSON.stringify(error.details)).toContain('[redacted]');
  });

  it('reports an unreachable SII with the address and the system\'s reason', async () => {
    await setup.sii.close();
    const error = await rejectionOf(gateway({ retry: { attempts: 1 } }).envelopeStatus('1', '76192083-9'));
    expect(error).toBeInstanceOf(DteError);
    expect(error.message).toMatch(/^The SII could not be reached for CrSeed getSeed \(http:\/\/127\.0\.0\.1:\d+\/DTEWS\/CrSeed\.jws: ECONNREFUSED\)/);
    expect(error.retryable).toBe(true);
  });
});
