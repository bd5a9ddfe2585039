import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small fake SII at the HTTP level, on 127.0.0.1 and a free port: it records every request and
 * answers each path from a script (one-shot answers first, then the path's default). It is not the
 * local SII of src/sii-sim: it checks nothing, so tests say exactly what the SII answers.
 */

export const FIXTURES = new URL('../fixtures/sii/responses/', import.meta.url);

/** A fixture of test/fixtures/sii/responses as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** For SOAP requests: the operation and its parameters, by name. */
  soap?: { operation: string; parameters: Record<string, string> };
}

/** What the fake answers: a response, or `hang` (never answer) or `reset` (drop the connection). */
export type Answer = { status?: number; contentType?: string; body: string | Buffer } | 'hang' | 'reset';
export type Responder = (request: RecordedRequest) => Answer;

export const PATHS = {
  seed: '/DTEWS/CrSeed.jws',
  token: '/DTEWS/GetTokenFromSeed.jws',
  envelopeStatus: '/DTEWS/QueryEstUp.jws',
  documentStatus: '/DTEWS/QueryEstDte.jws',
  upload: '/cgi_dte/UPL/DTEUpload',
} as const;

export const SEED = '000000000078';

/** A SOAP answer of `operation` whose `…Return` is `inner` (escaped), as Axis writes it. */
export function soapAnswer(operation: string, inner: string): string {
  const escaped = inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Body>
<ns1:${operation}Response soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="https://palena.sii.cl/DTEWS/x.jws">
<${operation}Return xsi:type="xsd:string">${escaped}</${operation}Return>
</ns1:${operation}Response>
</soapenv:Body>
</soapenv:Envelope>`;
}

/** An SII:RESPUESTA with the given header and body contents. */
export function respuesta(header: string, body = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<SII:RESPUESTA xmlns:SII="http://www.sii.cl/XMLSchema"><SII:RESP_HDR>${header}</SII:RESP_HDR>${body === '' ? '' : `<SII:RESP_BODY>${body}</SII:RESP_BODY>`}</SII:RESPUESTA>`;
}

/** The text of an XML text node: entities and character references resolved. */
export function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The operation and parameters of a SOAP request body (the first element inside Body). */
function readSoap(body: string): RecordedRequest['soap'] {
  const operation = /<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?(\w+)/.exec(body)?.[1];
  if (operation === undefined) return undefined;
  const parameters: Record<string, string> = {};
  for (const match of body.matchAll(/<(\w+)(?:\s[^>]*)?>([^<]*)<\/\1>/g)) {
    parameters[match[1]!] = unescapeXml(match[2]!);
  }
  return { operation, parameters };
}

export class FakeSii {
  readonly requests: RecordedRequest[] = [];
  private readonly defaults = new Map<string, Responder>();
  private readonly queued = new Map<string, Responder[]>();
  private readonly originals: Map<string, Responder>;
  private tokensIssued = 0;
  private server: Server | undefined;
  url = '';

  constructor() {
    this.defaults.set(PATHS.seed, () => ({ body: fixture('CrSeed_getSeedResponse.soap.xml') }));
    this.defaults.set(PATHS.token, () => {
      this.tokensIssued += 1;
      return { body: soapAnswer('getToken', respuesta('<ESTADO>00</ESTADO><GLOSA>Token Creado</GLOSA>', `<TOKEN>${this.tokenNumber(this.tokensIssued)}</TOKEN>`)) };
    });
    this.defaults.set(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', fixture('QueryEstUp_EPR.xml')) }));
    this.defaults.set(PATHS.documentStatus, () => ({
      body: soapAnswer('getEstDte', respuesta('<ESTADO>DOK</ESTADO><GLOSA_ESTADO>Documento Recibido por el SII. Datos Coinciden con los Registrados</GLOSA_ESTADO><ERR_CODE>0</ERR_CODE><NUM_ATENCION>1</NUM_ATENCION>')),
    }));
    this.defaults.set(PATHS.upload, () => ({ contentType: 'text/xml', body: fixture('RECEPCIONDTE_status0.xml') }));
    this.originals = new Map(this.defaults);
  }

  /** The token the fake issues the n-th time (1-based). */
  tokenNumber(n: number): string {
    return `TKN${String(n).padStart(9, '0')}x`;
  }

  /** How many tokens the fake has issued. */
  get tokens(): number {
    return this.tokensIssued;
  }

  /** Answers of `path` for the next requests, in order, before its default takes over again. */
  queue(path: string, ...responders: Responder[]): this {
    this.queued.set(path, [...(this.queued.get(path) ?? []), ...responders]);
    return this;
  }

  /** Replaces the default answer of `path`. */
  answer(path: string, responder: Responder): this {
    this.defaults.set(path, responder);
    return this;
  }

  /** Gives `path` back its default answer. */
  restore(path: string): this {
    const original = this.originals.get(path);
    if (original !== undefined) this.defaults.set(path, original);
    return this;
  }

  /** The requests to one path. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = (request.url ?? '').split('?')[0] ?? '';
        const recorded: RecordedRequest = { method: request.method ?? '', path, headers: request.headers, body };
        if (path.startsWith('/DTEWS/')) recorded.soap = readSoap(body.toString('utf8'));
        this.requests.push(recorded);
        const responder = this.queued.get(path)?.shift() ?? this.defaults.get(path) ?? (() => ({ status: 404, body: 'Not Found' }));
        this.respond(responder(recorded), response);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private respond(answer: Answer, response: ServerResponse): void {
    if (answer === 'hang') return;
    if (answer === 'reset') {
      response.socket?.destroy();
      return;
    }
    response.writeHead(answer.status ?? 200, { 'Content-Type': answer.contentType ?? 'text/xml; charset=utf-8' });
    response.end(answer.body);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
