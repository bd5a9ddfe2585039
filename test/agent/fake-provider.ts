import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider expects, and its answer. */
export interface Expectation {
  method: string;
  path: string;
  answer(body: Record<string, unknown>, headers: IncomingMessage['headers']): { status?: number; headers?: Record<string, string>; body: unknown };
}

/** What the fake provider saw. */
export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, unknown>;
}

/**
 * A fake model provider on 127.0.0.1: it answers the expected requests in order, in the provider's
 * documented wire shape, and fails (HTTP 599, recorded in `unexpected`) on any request it was not told
 * to expect, so a test notices every extra or wrong call.
 */
export async function startFakeProvider(): Promise<{ url: string; expect(...expectations: Expectation[]): void; seen: SeenRequest[]; unexpected: string[]; close(): Promise<void> }> {
  const queue: Expectation[] = [];
  const seen: SeenRequest[] = [];
  const unexpected: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (request.url ?? '').split('?')[0] ?? '';
      const next = queue[0];
      if (next === undefined || next.method !== request.method || next.path !== path) {
        unexpected.push(`${request.method} ${path}`);
        response.writeHead(599, { 'content-type': 'application/json' }).end('{"error":{"type":"unexpected","message":"not expected"}}');
        return;
      }
      queue.shift();
      const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      seen.push({ path, headers: request.headers, raw, body });
      const answer = next.answer(body, request.headers);
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    expect: (...expectations) => void queue.push(...expectations),
    seen, unexpected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
