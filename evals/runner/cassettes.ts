import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';

/**
 * Replay: recorded provider exchanges (cassettes) served by a local server that stands in for the
 * provider, so the real SDK adapters run unchanged. A cassette is keyed by a hash of what decides the
 * answer (provider, path, model, system prompt — which carries the prompt version —, tool schemas and
 * messages); a request without a cassette is answered 599 and the run fails (fail closed). Recording
 * forwards to the real provider and writes the cassette as readable JSON, keys never kept, RUTs and
 * secrets scrubbed from what is stored for reading (the hash is of the request as sent).
 */

/** Where the cassettes are kept, one folder per provider. */
export const CASSETTES_DIRECTORY = new URL('../cassettes/', import.meta.url).pathname;

/** One recorded exchange. */
export interface Cassette {
  key: string;
  provider: 'anthropic' | 'openai';
  path: string;
  /** True for cassettes written by hand in the provider's documented shape (no real recording exists here). */
  handWritten?: boolean;
  note?: string;
  request: unknown;
  status: number;
  response: unknown;
}

/** The fields of a request body that decide the answer, for the key. */
function keyFields(body: Record<string, unknown>): unknown {
  const { model, system, tools, messages, tool_choice: toolChoice } = body;
  return { model, system, tools, messages, toolChoice };
}

/** A stable JSON: object keys sorted, so that equal requests hash alike. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stable((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The key of a request: provider, path and the answer-deciding fields, hashed. */
export function cassetteKey(provider: string, path: string, body: Record<string, unknown>): string {
  return createHash('sha256').update(stable({ provider, path, request: keyFields(body) })).digest('hex').slice(0, 32);
}

const RUT = /\b\d{1,2}\.?\d{3}\.?\d{3}-[\dkK]\b/g;
const SECRET = /\b(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,}|xox[abp]-[A-Za-z0-9-]{8,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})\b/g;

/** What is stored for reading: RUTs and anything shaped like a key or token replaced. */
export function scrub(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(SECRET, '[secret]').replace(RUT, '[rut]'));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A running stand-in for a provider: replays cassettes, or records them through `upstream`. */
export interface CassetteServer {
  url: string;
  /** Requests that had no cassette (replay), by key. */
  missing: string[];
  close(): Promise<void>;
}

export async function startCassetteServer(options: {
  provider: 'anthropic' | 'openai'; directory?: string; record?: { upstream: string; apiKey: string };
}): Promise<CassetteServer> {
  const directory = join(options.directory ?? CASSETTES_DIRECTORY, options.provider);
  const missing: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      const path = new URL(request.url ?? '/', 'http://cassettes').pathname;
      const key = cassetteKey(options.provider, path, body);
      const file = join(directory, `${key}.json`);
      if (options.record === undefined) {
        if (!existsSync(file)) {
          missing.push(key);
          response.writeHead(599, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { type: 'cassette_missing', message: `No cassette ${key} for ${path}: record it with npm run evals:record.` } }));
          return;
        }
        const cassette = JSON.parse(readFileSync(file, 'utf8')) as Cassette;
        response.writeHead(cassette.status, { 'content-type': 'application/json', 'request-id': `cassette-${key}`, 'x-request-id': `cassette-${key}` });
        response.end(JSON.stringify(cassette.response));
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.provider === 'anthropic') {
        headers['x-api-key'] = options.record.apiKey;
        headers['anthropic-version'] = String(request.headers['anthropic-version'] ?? '2023-06-01');
      } else {
        headers.authorization = `Bearer ${options.record.apiKey}`;
      }
      const upstream = await fetch(new URL(path, options.record.upstream), { method: request.method ?? 'POST', headers, body: text });
      const answer = await upstream.json() as unknown;
      mkdirSync(directory, { recursive: true });
      const cassette: Cassette = { key, provider: options.provider, path, request: scrub(body), status: upstream.status, response: scrub(answer) };
      writeFileSync(file, `${JSON.stringify(cassette, null, 2)}\n`);
      response.writeHead(upstream.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'cassette_server', message: error instanceof Error ? error.message : String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The cassette server has no port.');
  return { url: `http://127.0.0.1:${address.port}`, missing, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
