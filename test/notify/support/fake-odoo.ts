import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XmlDocument, XmlElement } from 'libxml2-wasm';

/** One call that reached the fake Odoo with valid credentials. */
export type OdooCall =
  | { protocol: 'json-2'; model: string; method: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }
  | { protocol: 'xml-rpc'; model: string; method: string; args: unknown[]; kwargs: Record<string, unknown> };

/** The credentials the fake accepts. */
export interface FakeOdooCredentials {
  apiKey: string;
  database: string;
  username: string;
  password: string;
}

const UID = 7;

/**
 * A local Odoo on 127.0.0.1 speaking JSON-2 (`POST /json/2/<model>/<method>`, bearer key, database
 * header) and XML-RPC (`/xmlrpc/2/common` authenticate, `/xmlrpc/2/object` execute_kw). It checks the
 * credentials of every call, answers as Odoo does, and records the calls it accepted. `failures`
 * makes the next JSON-2 calls answer with those statuses first.
 */
export class FakeOdoo {
  readonly calls: OdooCall[] = [];
  readonly refusals: string[] = [];
  failures: number[] = [];
  private server: Server | undefined;

  constructor(readonly credentials: FakeOdooCredentials) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '';
    if (path.startsWith('/json/2/')) return this.json2(request, response, path, body);
    if (path.startsWith('/xmlrpc/2/')) return this.xmlRpc(response, path, body);
    response.writeHead(404).end();
  }

  private json2(request: IncomingMessage, response: ServerResponse, path: string, body: string): void {
    const answer = (status: number, value: unknown): void => {
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
    };
    const failure = this.failures.shift();
    if (failure !== undefined) return answer(failure, { name: 'werkzeug.exceptions.ServiceUnavailable', message: 'try later' });
    if (request.headers.authorization !== `bearer ${this.credentials.apiKey}`) {
      this.refusals.push('bad api key');
      return answer(401, { name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey', arguments: ['Invalid apikey', 401] });
    }
    if (request.headers['x-odoo-database'] !== this.credentials.database) {
      this.refusals.push('bad database');
      return answer(404, { name: 'werkzeug.exceptions.NotFound', message: 'database not found' });
    }
    if (!String(request.headers['content-type']).startsWith('application/json')) return answer(415, { message: 'json expected' });
    const [model, method] = path.slice('/json/2/'.length).split('/').map(decodeURIComponent);
    const parsed = JSON.parse(body) as Record<string, unknown>;
    this.calls.push({ protocol: 'json-2', model: model ?? '', method: method ?? '', headers: request.headers, body: parsed });
    answer(200, method === 'message_post' ? 77 : true);
  }

  private xmlRpc(response: ServerResponse, path: string, body: string): void {
    const { method, params } = decodeMethodCall(body);
    const answer = (xml: string): void => {
      response.writeHead(200, { 'Content-Type': 'text/xml' }).end(`<?xml version="1.0"?>\n<methodResponse>${xml}</methodResponse>`);
    };
    const fault = (message: string): void => answer(`<fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member>`
      + `<member><name>faultString</name><value><string>Traceback…\n${message}</string></value></member></struct></value></fault>`);
    const { database, username, password } = this.credentials;
    if (path === '/xmlrpc/2/common' && method === 'authenticate') {
      const valid = params[0] === database && params[1] === username && params[2] === password;
      if (!valid) this.refusals.push('bad login');
      return answer(`<params><param><value>${valid ? `<int>${UID}</int>` : '<boolean>0</boolean>'}</value></param></params>`);
    }
    if (path === '/xmlrpc/2/object' && method === 'execute_kw') {
      const [db, uid, secret, model, called, args, kwargs] = params;
      if (db !== database || uid !== UID || secret !== password) {
        this.refusals.push('bad execute_kw credentials');
        return fault('odoo.exceptions.AccessDenied: Access Denied');
      }
      this.calls.push({ protocol: 'xml-rpc', model: String(model), method: String(called), args: args as unknown[], kwargs: (kwargs ?? {}) as Record<string, unknown> });
      return answer(`<params><param><value>${called === 'message_post' ? '<int>77</int>' : '<boolean>1</boolean>'}</value></param></params>`);
    }
    fault(`unknown call ${method} on ${path}`);
  }
}

/** Reads an XML-RPC methodCall: its method name and decoded parameters. */
export function decodeMethodCall(xml: string): { method: string; params: unknown[] } {
  const document = XmlDocument.fromString(xml);
  try {
    const root = document.root;
    const method = childrenOf(root).find((child) => child.name === 'methodName')?.content.trim() ?? '';
    const params = childrenOf(childrenOf(root).find((child) => child.name === 'params') ?? root)
      .map((param) => decodeValue(childrenOf(param)[0] as XmlElement));
    return { method, params };
  } finally {
    document.dispose();
  }
}

function childrenOf(element: XmlElement): XmlElement[] {
  const children: XmlElement[] = [];
  for (let node = element.firstChild; node !== null; node = node.next) if (node instanceof XmlElement) children.push(node);
  return children;
}

function decodeValue(value: XmlElement): unknown {
  const typed = childrenOf(value)[0];
  if (typed === undefined) return value.content;
  switch (typed.name) {
    case 'int': case 'i4': case 'double': return Number(typed.content);
    case 'boolean': return typed.content.trim() === '1';
    case 'nil': return null;
    case 'array': return childrenOf(childrenOf(typed)[0] as XmlElement).map(decodeValue);
    case 'struct': return Object.fromEntries(childrenOf(typed).map((member) => {
      const [name, memberValue] = childrenOf(member);
      return [name?.content ?? '', decodeValue(memberValue as XmlElement)];
    }));
    default: return typed.content;
  }
}
