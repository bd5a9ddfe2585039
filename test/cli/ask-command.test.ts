import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServiceAddress, removeServiceAddress, writeServiceAddress } from '../../src/config/service-address.ts';
import { createAskCommand } from '../../src/cli/ask-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { captureContext } from './capture-context.ts';

/** A fetch that answers every call with `status` and `body`, recording the calls. */
function answering(status: number, body: unknown): { fetcher: typeof fetch; calls: Request[] } {
  const calls: Request[] = [];
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });
  }) as typeof fetch;
  return { fetcher, calls };
}

async function ask(fetcher: typeof fetch, ...argv: string[]) {
  const captured = captureContext();
  const code = await runCli(['ask', ...argv, '--url', 'http://127.0.0.1:1', '--token', 'a-token'], [createAskCommand(undefined, fetcher)], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

describe('dte ask', () => {
  it('prints the answer and its citations, exit 0', async () => {
    const { fetcher, calls } = answering(200, {
      answer: 'Sí, lleva IVA.', citations: [{ kind: 'knowledge', id: 'nd-iva', title: 'Notas de débito' }], actions: [],
      mode: 'offline', conversationId: 'c1', usage: { steps: 1, latencyMs: 3 },
    });
    const result = await ask(fetcher, '¿Una nota de débito lleva IVA?');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Sí, lleva IVA.\n\nCitations:\n  [knowledge] nd-iva: Notas de débito\n');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer a-token');
    expect(await calls[0]!.json()).toEqual({ question: '¿Una nota de débito lleva IVA?' });
  });

  it('turns a 422 with problems into one line per problem and exit 2', async () => {
    const { fetcher } = answering(422, {
      type: 'about:blank', title: 'The request has problems', status: 422, detail: 'The request has problems.', code: 'VALIDATION_FAILED',
      problems: [{ pointer: '/documentId', message: 'documentId does not have the expected form' }, { pointer: '/question', message: 'The question is too long.' }],
    });
    const result = await ask(fetcher, 'hola', '--document', 'nope');
    expect(result).toEqual({ code: 2, stdout: '', errorLines: ['/documentId: documentId does not have the expected form', '/question: The question is too long.'] });
  });

  it('turns a refused token (401) into one line naming --token and exit 2', async () => {
    const { fetcher } = answering(401, { code: 'UNAUTHENTICATED', title: 'Unauthorized', detail: 'The token has expired.' });
    const result = await ask(fetcher, 'hola');
    expect(result.code).toBe(2);
    expect(result.errorLines).toEqual([expect.stringMatching(/--token.*the service refused the token: The token has expired\./)]);
  });

  it('exits 2 on every 4xx the caller must fix (403 as 401, 409), and 1 on a 429 that says try later', async () => {
    const forbidden = await ask(answering(403, { code: 'FORBIDDEN', title: 'Forbidden', detail: 'A viewer may not do this.' }).fetcher, 'hola');
    expect(forbidden).toEqual({ code: 2, stdout: '', errorLines: ['--token: the token may not do this: A viewer may not do this.'] });
    const conflict = await ask(answering(409, { code: 'CONFLICT', title: 'Conflict', detail: 'The conversation is busy.' }).fetcher, 'hola');
    expect(conflict).toEqual({ code: 2, stdout: '', errorLines: ['The conversation is busy.'] });
    const limited = await ask(answering(429, { code: 'RATE_LIMITED', title: 'Too Many Requests', detail: 'Try again in 30 s.' }).fetcher, 'hola');
    expect(limited.code).toBe(1);
    expect(limited.errorLines).toEqual(['error: 429 Too Many Requests: Try again in 30 s. (run with --debug for details)']);
  });

  it('exits 1 on a 5xx and when the service cannot be reached', async () => {
    const { fetcher } = answering(503, { title: 'Service Unavailable', status: 503, detail: 'The model provider failed.', code: 'AGENT_UNAVAILABLE' });
    const failed = await ask(fetcher, 'hola');
    expect(failed.code).toBe(1);
    expect(failed.errorLines).toEqual(['error: 503 Service Unavailable: The model provider failed. (run with --debug for details)']);
    const unreachable = await ask((async () => { throw new TypeError('fetch failed'); }) as typeof fetch, 'hola');
    expect(unreachable.code).toBe(1);
    expect(unreachable.errorLines).toEqual(['error: The service at http://127.0.0.1:1 cannot be reached: fetch failed (run with --debug for details)']);
  });

  it('without --url, asks the service whose URL is recorded in DATA_DIR, else HOST:PORT', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dte-ask-'));
    try {
      const environment = { DATA_DIR: directory, PORT: '8123' };
      const run = async (): Promise<string> => {
        const { fetcher, calls } = answering(200, { answer: 'ok', citations: [], actions: [], mode: 'offline', conversationId: 'c1', usage: { steps: 1, latencyMs: 1 } });
        const code = await runCli(['ask', 'hola', '--token', 'a-token'], [createAskCommand(() => environment, fetcher)], captureContext().context);
        expect(code).toBe(0);
        return calls[0]!.url;
      };
      expect(await run()).toBe('http://127.0.0.1:8123/v1/agent/ask');
      writeServiceAddress(directory, 'http://127.0.0.1:40123');
      expect(await run()).toBe('http://127.0.0.1:40123/v1/agent/ask');
      removeServiceAddress(directory, 'http://127.0.0.1:40999');
      expect(readServiceAddress(directory)).toBe('http://127.0.0.1:40123');
      removeServiceAddress(directory, 'http://127.0.0.1:40123');
      expect(await run()).toBe('http://127.0.0.1:8123/v1/agent/ask');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
