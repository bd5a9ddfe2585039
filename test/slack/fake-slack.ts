/**
 * A local fake of Slack's Web API over HTTP on 127.0.0.1: it answers the methods the bot calls as
 * Slack does (`{ ok: true, … }`), records every call with its time, takes files through the external
 * upload flow, and can answer the next call of a method with a 429 and a Retry-After.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call as the fake received it. */
export interface RecordedCall {
  method: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- calls are checked field by field.
  body: Record<string, any>;
  at: number;
  status: number;
}

/** The fake's handle. */
export interface FakeSlack {
  /** SLACK_API_URL for the service (ends in `/`). */
  apiUrl: string;
  calls: RecordedCall[];
  /** Files uploaded (bytes by file id). */
  files: Map<string, Buffer>;
  /** The next `count` calls of `method` get a 429 with `Retry-After: seconds`. */
  rateLimitNext(method: string, seconds: number, count?: number): void;
  /** What apps.connections.open answers (Socket Mode): the WebSocket URL of a fake Socket Mode server. */
  socketUrl: string | undefined;
  /** Calls of one method (successful ones unless `all`). */
  of(method: string, all?: boolean): RecordedCall[];
  /** Waits until `predicate` holds over the calls, or fails after `timeoutMs`. */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The bot's identity as auth.test tells it. */
export const BOT = { userId: 'UBOT', botId: 'BBOT', team: 'T0TEAM' } as const;

/** Starts the fake on a free port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const files = new Map<string, Buffer>();
  const limits = new Map<string, { seconds: number; count: number }>();
  let sequence = 0;
  let baseUrl = '';
  const server: Server = createServer(async (request, response) => {
    const raw = await bodyOf(request);
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    if (path.startsWith('/upload/')) {
      files.set(path.slice('/upload/'.length), fileOf(raw, request.headers['content-type']));
      calls.push({ method: 'upload', body: { fileId: path.slice('/upload/'.length), size: raw.length }, at: Date.now(), status: 200 });
      response.writeHead(200).end('OK');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const body = parse(raw, request.headers['content-type']);
    const limit = limits.get(method);
    if (limit !== undefined && limit.count > 0) {
      limit.count -= 1;
      calls.push({ method, body, at: Date.now(), status: 429 });
      send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.seconds) });
      return;
    }
    calls.push({ method, body, at: Date.now(), status: 200 });
    sequence += 1;
    const ts = `1700000000.${String(sequence).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test': return send(200, { ok: true, user_id: BOT.userId, bot_id: BOT.botId, team_id: BOT.team, user: 'dte' });
      case 'chat.postMessage': return send(200, { ok: true, channel: body.channel, ts, message: { ts } });
      case 'chat.postEphemeral': return send(200, { ok: true, message_ts: ts });
      case 'reactions.add': return send(200, { ok: true });
      case 'files.getUploadURLExternal': {
        const fileId = `F${sequence}`;
        return send(200, { ok: true, upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': return send(200, { ok: true, files: JSON.parse(String(body.files ?? '[]')) });
      case 'apps.connections.open':
        return handle.socketUrl === undefined ? send(200, { ok: false, error: 'not_allowed_token_type' }) : send(200, { ok: true, url: handle.socketUrl });
      default: return send(200, { ok: false, error: 'unknown_method' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const of = (method: string, all = false) => calls.filter((call) => call.method === method && (all || call.status === 200));
  const handle: FakeSlack = {
    apiUrl: `${baseUrl}/api/`, calls, files, of, socketUrl: undefined,
    rateLimitNext(method, seconds, count = 1) {
      limits.set(method, { seconds, count });
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > until) throw new Error(`the fake Slack never saw what was awaited; it saw ${JSON.stringify(calls.map((call) => call.method))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return handle;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A form (what @slack/web-api sends; `blocks` as JSON text) or JSON. */
function parse(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text === '') return {};
  if ((contentType ?? '').includes('json')) return JSON.parse(text) as Record<string, unknown>;
  const form: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  for (const key of ['blocks', 'attachments']) if (typeof form[key] === 'string') form[key] = JSON.parse(form[key] as string);
  return form;
}

/** The file of a multipart upload (the first part's bytes), or the body itself. */
function fileOf(raw: Buffer, contentType: string | undefined): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (boundary === null) return raw;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const text = raw.toString('latin1');
  const start = text.indexOf('\r\n\r\n', text.indexOf(delimiter)) + 4;
  const end = text.indexOf(`\r\n${delimiter}`, start);
  return Buffer.from(text.slice(start, end), 'latin1');
}
