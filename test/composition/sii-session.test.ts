import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestCredentials } from '../../src/local/demo-company.ts';
import { createSiiSimulator, type SiiSimulator } from '../../src/sii-sim/index.ts';
import { DEMO_COMPANY, startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';

/**
 * Each service is built once per process: the SII session of a certificate too. The whole service
 * talks to a local SII behind a proxy that counts the token requests (GetTokenFromSeed) of each
 * certificate, while the submission uploads and follows a factura and the agent asks the SII about
 * it (QueryEstDte): one login for both.
 */
let directory: string;
let simulator: SiiSimulator;
let proxy: Server;
let embedded: EmbeddedService;
const tokenRequests = new Map<string, number>();

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'dte-sii-session-'));
  // The service's local test authority, made before it starts, so that the local SII trusts its CAFs.
  const { authority } = await ensureTestCredentials(directory, DEMO_COMPANY, new Date());
  simulator = createSiiSimulator({ trustedCafCertificates: [authority], steps: { REC: 10, SOK: 10, FOK: 10, CRT: 10, PRD: 10 } });
  const target = await simulator.listen(0, '127.0.0.1');
  proxy = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (request.method === 'POST' && request.url?.startsWith('/DTEWS/GetTokenFromSeed.jws')) {
        const certificate = /X509Certificate(?:&gt;|>)\s*([A-Za-z0-9+/=\s]+?)\s*(?:&lt;|<)\//.exec(body.toString('latin1'))?.[1]?.replace(/\s+/g, '') ?? 'none';
        tokenRequests.set(certificate, (tokenRequests.get(certificate) ?? 0) + 1);
      }
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      fetch(`${target}${request.url}`, { method: request.method, headers, ...(body.length > 0 ? { body } : {}) })
        .then(async (answer) => {
          response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/xml' });
          response.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  embedded = await startEmbeddedService({ DATA_DIR: directory, SII_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
}, 60_000);

afterAll(async () => {
  await embedded?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await simulator?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the SII session of a certificate', () => {
  it('logs in once for the submission and the agent alike', async () => {
    const token = await embedded.token('issuer');
    const issued = await embedded.call('POST', '/v1/documents', token, {
      Encabezado: {
        IdDoc: { TipoDTE: 33, FmaPago: 1 },
        Emisor: { RUTEmisor: DEMO_COMPANY, RznSoc: 'Demo SpA', GiroEmis: 'Software', Acteco: [620200], DirOrigen: 'Av. Apoquindo 1', CmnaOrigen: 'Las Condes' },
        Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Cliente Ltda', GiroRecep: 'Comercio', DirRecep: 'Calle 2', CmnaRecep: 'Ñuñoa' },
      },
      Detalle: [{ NmbItem: 'Cajón', QtyItem: 1, PrcItem: 1000 }],
    });
    expect(issued.status).toBe(201);
    const factura = await embedded.settled(token, issued.json.id, 30_000);
    expect(factura.state).toBe('accepted');
    const asked = await embedded.call('POST', '/v1/agent/ask', token, { question: `¿En qué estado está la factura ${factura.folio} en el SII?` });
    expect(asked.json.toolCalls).toContainEqual(expect.objectContaining({ name: 'get_document_status', ok: true }));
    expect(asked.json.answer).toContain('El SII responde ahora (QueryEstDte): DOK');
    expect([...tokenRequests.values()]).toEqual([1]);
  }, 60_000);
});
