import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerAdmin, type AdminContext } from './admin-endpoints.ts';
import type { FaultDecision, FaultInjector, FaultService } from './faults.ts';
import { answerRegistry, REGISTRY_PATHS, registryWsdl, type RegistryEndpointContext } from './registry-soap.ts';
import { escapeXml } from './sii-respuesta.ts';
import { answerSoap, type HttpAnswer, type SoapServiceContext } from './soap-services.ts';
import type { UploadGateway } from './upload-gateway.ts';
import { SOAP_SERVICES, wsdlFor, type SoapService } from './wsdl-documents.ts';

/**
 * The HTTP front of the simulator: the SII's paths (`/DTEWS/<service>.jws` for SOAP and `?WSDL`,
 * `/cgi_dte/UPL/DTEUpload` for uploads, the registry's `/WSREGISTRORECLAMODTE[CERT]/registroreclamodteservice`)
 * with the fault knobs applied to them, and `/admin/…` without.
 */

/** What the router needs. */
export interface RouterContext {
  faults: FaultInjector;
  soap: SoapServiceContext;
  upload: UploadGateway;
  registry: RegistryEndpointContext;
  admin: AdminContext;
  /** The largest body read; larger ones are refused with HTTP 413. */
  maxBodyBytes: number;
  /** Responses held open by the timeout fault, ended when the simulator closes. */
  hanging: Set<ServerResponse>;
  /** The simulator's URL, used when a request carries no Host header. */
  baseUrl(): string;
}

type Route = { kind: 'wsdl' | 'soap' | 'page'; service: SoapService } | { kind: 'upload' } | { kind: 'registry' | 'registry-wsdl' | 'registry-page'; path: string };

function routeOf(method: string, path: string, search: string): Route | undefined {
  if (path === '/cgi_dte/UPL/DTEUpload' && method === 'POST') return { kind: 'upload' };
  if ((REGISTRY_PATHS as readonly string[]).includes(path)) {
    if (method === 'POST') return { kind: 'registry', path };
    if (method === 'GET') return { kind: /^\?wsdl$/i.test(search) ? 'registry-wsdl' : 'registry-page', path };
    return undefined;
  }
  const service = SOAP_SERVICES.find((candidate) => path === `/DTEWS/${candidate}.jws`);
  if (service === undefined) return undefined;
  if (method === 'POST') return { kind: 'soap', service };
  if (method === 'GET') return { kind: /^\?wsdl$/i.test(search) ? 'wsdl' : 'page', service };
  return undefined;
}

function html(status: number, title: string, text: string): HttpAnswer {
  return { status, contentType: 'text/html; charset=iso-8859-1', body: `<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n` };
}

const STATUS_TITLES: Readonly<Record<number, string>> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** An answer spoiled by the malformed-answer fault: cut in half, or replaced by an error page sent with 200. */
function spoil(answer: HttpAnswer, how: NonNullable<FaultDecision['malformed']>): HttpAnswer {
  if (how === 'html') return html(200, 'Error', 'Servicio no disponible temporalmente. Intente mas tarde.');
  return { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length / 2)) };
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, answer: HttpAnswer): void {
  const body = Buffer.from(answer.body, /iso-8859-1/i.test(answer.contentType) ? 'latin1' : 'utf8');
  response.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': body.length, ...answer.headers });
  response.end(body);
}

function answerRoute(route: Route, request: IncomingMessage, body: Buffer, context: RouterContext): HttpAnswer {
  if (route.kind === 'upload') return context.upload.handle(request.headers, body);
  const base = request.headers.host === undefined ? context.baseUrl() : `http://${request.headers.host}`;
  if ('path' in route) {
    if (route.kind === 'registry') return answerRegistry(body, request.headers, context.registry);
    if (route.kind === 'registry-wsdl') return { status: 200, contentType: 'text/xml; charset=utf-8', body: registryWsdl(base, route.path) };
    return html(200, 'Web Services', `RegistroReclamoDteService; its WSDL is at ${route.path}?wsdl.`);
  }
  if (route.kind === 'soap') return answerSoap(route.service, body, context.soap);
  if (route.kind === 'wsdl') return { status: 200, contentType: 'text/xml; charset=utf-8', body: wsdlFor(route.service, base) };
  return html(200, route.service, `Hi there, this is an AXIS service! Its WSDL is at ${route.service}.jws?WSDL.`);
}

async function handle(request: IncomingMessage, response: ServerResponse, context: RouterContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sii-sim');
  const method = request.method ?? 'GET';
  const body = await readBody(request, context.maxBodyBytes);
  if (body === undefined) return send(response, html(413, 'Request Entity Too Large', 'The request is larger than the simulator accepts.'));
  if (url.pathname.startsWith('/admin/')) return send(response, answerAdmin(method, url.pathname, body, context.admin, url.searchParams));
  const route = routeOf(method, url.pathname, url.search);
  if (route === undefined) return send(response, html(404, 'Not Found', `The requested URL ${url.pathname} was not found on this server.`));
  const latency = context.faults.latencyMs();
  if (latency > 0) await sleep(latency);
  const service: FaultService = route.kind === 'upload' ? 'DTEUpload' : 'path' in route ? 'RegistroReclamoDte' : route.service;
  const decision = context.faults.decide(service);
  if (decision.hang) return hold(response, context);
  if (decision.serverError !== undefined) return send(response, serverError(decision.serverError));
  const answer = answerRoute(route, request, body, context);
  if (answer.loss !== undefined) return lose(response, answer, context);
  send(response, decision.malformed === undefined ? answer : spoil(answer, decision.malformed));
}

/** Never answers: the response is held until the client gives up or the simulator closes. */
function hold(response: ServerResponse, context: RouterContext): void {
  context.hanging.add(response);
  response.once('close', () => context.hanging.delete(response));
}

function serverError(status: number): HttpAnswer {
  const title = STATUS_TITLES[status] ?? 'Error';
  return html(status, `${status} ${title}`, 'The server is temporarily unable to service your request.');
}

/** Loses an answer as an upload rule says: withheld, the connection dropped, spoiled, or a 503 instead. */
function lose(response: ServerResponse, answer: HttpAnswer, context: RouterContext): void {
  if (answer.loss === 'hang') return hold(response, context);
  if (answer.loss === 'reset') {
    response.destroy();
    return;
  }
  if (answer.loss === 'server_error') return send(response, serverError(503));
  send(response, spoil(answer, answer.loss === 'html' ? 'html' : 'truncated'));
}

/** The request listener of the simulator's HTTP server. An unexpected error answers 500, never crashes. */
export function createRequestListener(context: RouterContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(request, response, context).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      send(response, html(500, 'Internal Server Error', escapeXml(error instanceof Error ? error.message : String(error))));
    });
  };
}
