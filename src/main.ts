/**
 * The server entry (`npm start`): reads the configuration, builds the service, listens, and on the
 * embedded start prints the URL, a demo token and a `curl` that issues a factura (stdout, never the log).
 */
import { FACTURA } from './core/document-kinds/index.ts';
import { DteError } from './core/errors.ts';
import { loadConfig } from './config/load-config.ts';
import type { Config } from './config/config.ts';
import type { Service } from './service.ts';
import { untilStopped } from './cli/stop-signals.ts';
import { removeServiceAddress, writeServiceAddress } from './config/service-address.ts';

const DEMO_TOKEN_SECONDS = 7 * 24 * 3600;

const stopped = untilStopped();

async function main(): Promise<void> {
  // Listen for the stop signals before anything else: start-up takes seconds (loading the service's
  // modules most of them, hence its import below), and node as PID 1 (a container) ignores a SIGTERM
  // nobody listens to, so `docker stop` would wait its whole grace period and kill.
  let started = false;
  void stopped.then((reason) => {
    // Before the service listens nothing is served nor in flight: stop at once (the store's migrations
    // are transactions, and a start-up stopped half-way is started again later).
    if (!started) stopDuringStartUp(reason);
  });
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof DteError) {
      for (const problem of error.problems) process.stderr.write(`${problem.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { createService } = await import('./service.ts');
  const service = await createService(config);
  const url = await service.start();
  started = true;
  const where = { sii: service.simulator?.url ?? config.sii.environment, queue: config.redisUrl ? 'bullmq' : 'in-process', database: config.databaseUrl ? 'postgresql' : 'pglite', role: config.processRole };
  // `dte ask` and `dte slack` read where we listen from DATA_DIR (any PORT, even 0): written before
  // the line that says so, so whoever reads that line finds it.
  if (url !== '') writeServiceAddress(config.dataDirectory, url);
  if (url === '') service.logger.info(where, 'DTE worker running its jobs (no HTTP API)');
  else service.logger.info({ url, ...where }, 'DTE service listening');
  // Only the newcomer's start (local SII, no JWT_SECRET nor JWKS, no DATABASE_URL) gets a demo
  // token, and on stdout alone: an operator's start, whose output is collected, gets none.
  if (config.embeddedStart) await printDemo(service, url);
  // Ctrl-C, SIGTERM, or npm gone (npm does not pass SIGTERM on): drain, close, free the port, exit.
  const reason = await stopped;
  service.logger.info({ signal: reason }, 'shutting down');
  if (url !== '') removeServiceAddress(config.dataDirectory, url);
  service.close().then(() => process.exit(0), () => process.exit(1));
}

/** Ends a start-up that a stop signal interrupted. */
function stopDuringStartUp(reason: string): never {
  process.stderr.write(`stopped during start-up (${reason})\n`);
  process.exit(0);
}

/** What a newcomer needs to try the service at once: local only, with the local test credentials. */
async function printDemo(service: Service, url: string): Promise<void> {
  const { config } = service;
  const token = await service.localToken({ subject: 'demo', role: 'admin', companies: [config.demoCompanyRut], ttlSeconds: DEMO_TOKEN_SECONDS, now: new Date() });
  if (token === undefined) return;
  const request = {
    Encabezado: {
      IdDoc: { TipoDTE: FACTURA.code, FmaPago: 1 },
      Emisor: { RUTEmisor: config.demoCompanyRut, RznSoc: 'EMPRESA DE PRUEBA', GiroEmis: 'Servicios', Acteco: [620200], DirOrigen: 'Calle Falsa 123', CmnaOrigen: 'Santiago' },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Cliente de prueba', GiroRecep: 'Comercio', DirRecep: 'Calle 2', CmnaRecep: 'Santiago' },
    },
    Detalle: [{ NmbItem: 'Cajón', QtyItem: 123, PrcItem: 923, DescuentoPct: 4 }],
  };
  const lines = [
    '',
    `DTE service on ${url} (local SII ${service.simulator?.url ?? config.sii.url}; test credentials, nothing here is valid at the SII)`,
    `Demo company ${config.demoCompanyRut}${service.demoCreated ? ' created with a test certificate and CAFs' : ''}. Demo token (admin, 7 days):`,
    '',
    `  export TOKEN=${token}`,
    '',
    'Issue a factura, then see it accepted by the local SII a few seconds later (a retry with the same',
    'Idempotency-Key returns the same document, not a second folio; use a new key for another factura):',
    '',
    `  curl -s -X POST ${url}/v1/documents -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `    -H 'Idempotency-Key: demo-factura-1' \\`,
    `    -d '${JSON.stringify(request)}'`,
    `  curl -s ${url}/v1/documents/<id> -H "Authorization: Bearer $TOKEN"`,
    '',
    'Ask the agent (offline mode: no model or key needed):',
    '',
    `  curl -s -X POST ${url}/v1/agent/ask -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `    -d '{"question": "me equivoqué en la dirección del cliente, ¿cómo lo corrijo?"}'`,
    '',
    `API docs: ${url}/docs`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main().catch(async (error: unknown) => {
  // The signal also stops tsx's loader, so an import under way fails: that is the stop, not an error.
  const reason = await Promise.race([stopped, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200))]);
  if (reason !== undefined) stopDuringStartUp(reason);
  throw error;
});
