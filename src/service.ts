/**
 * The composition root: builds the service from its configuration — store, SII (or the local SII),
 * queue, application services and HTTP API — and hands back what the entry point starts and stops. It
 * wires and does nothing else; src/main.ts calls it, and end-to-end tests call it with overrides.
 */
import type { X509Certificate } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createCompanyService } from './app/company-service.ts';
import { ensureDemoCompany, ensureTestCredentials } from './app/demo-company.ts';
import { createDocumentService } from './app/document-service.ts';
import type { HealthCheck } from './app/ports.ts';
import { SignerCache } from './app/signer-cache.ts';
import type { Config } from './config/config.ts';
import { resolveSecrets, type Secrets } from './config/resolve-secrets.ts';
import { siiCafCertificates } from './core/verify/sii-certificates.ts';
import { createAuthenticator } from './http/auth/authenticator.ts';
import { buildApp } from './http/build-app.ts';
import { buildMetricsApp } from './http/metrics-app.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createNotifier } from './notify/index.ts';
import { createBullmqRunner, createInProcessRunner, createSubmissionQueue, DEFAULT_JOB_POLICIES, type SubmissionQueue, type SubmissionSettings } from './queue/index.ts';
import { sharedSchemaValidator } from './schema/xsd-validator.ts';
import { createSiiGateway, type SiiGateway } from './sii/index.ts';
import { createSiiSimulator, type SiiSimulator } from './sii-sim/index.ts';
import { openStore, type OpenedStore } from './store/index.ts';

export interface ServiceOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Overrides of the submission settings (tests make them fast). */
  submission?: Partial<SubmissionSettings>;
  /** Milliseconds per intermediate state of the in-process local SII (200 by default). */
  simulatorStepMs?: number;
  /** BullMQ key prefix, so tests on one Redis do not meet. */
  queuePrefix?: string;
}

/** A built service: start it, then close it. */
export interface Service {
  config: Config;
  app: FastifyInstance;
  store: OpenedStore['store'];
  queue: SubmissionQueue;
  metrics: Metrics;
  logger: Logger;
  secrets: Secrets;
  /** The in-process local SII, when SII_ENV is local without SII_URL. */
  simulator: SiiSimulator | undefined;
  /** True when this start created the demo company. */
  demoCreated: boolean;
  /** Listens on the configured port and starts the queue; resolves with the API's URL. */
  start(): Promise<string>;
  close(): Promise<void>;
}

/** Builds the whole service from its configuration. Nothing listens until `start`. */
export async function createService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? (() => new Date());
  const secrets = await resolveSecrets(config);
  for (const warning of secrets.warnings) logger.warn(warning);
  const metrics = createMetrics();
  const opened = await openStore({
    databaseUrl: config.databaseUrl ?? undefined,
    dataDirectory: config.dataDirectory,
    masterKey: secrets.masterKey,
  });
  const { store } = opened;
  const closers: Array<() => Promise<void>> = [() => opened.database.close()];
  try {
    const local = config.sii.environment === 'local';
    const testAuthority = local ? await ensureTestCredentials(config.dataDirectory, config.demoCompanyRut, clock()) : undefined;
    const trustedCafSigners: X509Certificate[] = testAuthority
      ? [testAuthority.authority]
      : siiCafCertificates(config.sii.environment === 'local' ? undefined : config.sii.environment);

    let simulator: SiiSimulator | undefined;
    if (local && config.sii.url === null) {
      const step = options.simulatorStepMs ?? 200;
      simulator = createSiiSimulator({ trustedCafCertificates: trustedCafSigners, steps: { REC: step, SOK: step, FOK: step, CRT: step, PRD: step } });
      await simulator.listen(0, '127.0.0.1');
      closers.push(() => simulator!.close());
    }
    const siiUrl = simulator?.url ?? config.sii.url ?? undefined;

    const signers = new SignerCache(trustedCafSigners, sharedSchemaValidator());
    // One gateway per opened certificate: a replaced certificate logs in anew.
    const gateways = new WeakMap<object, SiiGateway>();
    const gatewayOf = async (companyRut: string): Promise<SiiGateway> => {
      const certificate = await signers.certificate(store, companyRut);
      let gateway = gateways.get(certificate);
      if (!gateway) {
        gateway = createSiiGateway({ environment: config.sii.environment, ...(siiUrl ? { baseUrl: siiUrl } : {}), certificate });
        gateways.set(certificate, gateway);
      }
      return gateway;
    };

    const runner = config.redisUrl
      ? createBullmqRunner({ redisUrl: config.redisUrl, policies: DEFAULT_JOB_POLICIES, logger, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) })
      : createInProcessRunner({ policies: DEFAULT_JOB_POLICIES, logger });
    const notifier = createNotifier({ store, runner, config, webhookSecret: config.webhookSecret, clock, logger });
    const queue = createSubmissionQueue({
      store, runner, certificates: signers, gateways: gatewayOf, listener: notifier, clock, logger,
      settings: { maxDocumentsPerEnvelope: config.envelope.maxDocuments, maxWaitMs: config.envelope.maxWaitMs, ...options.submission },
      observer: {
        queueDepth: (name, depth) => metrics.setQueueDepth(name, depth),
        siiCall: (operation, outcome) => metrics.countSiiCall(operation, outcome),
        documentState: (type, state) => metrics.countDocument(type, state),
      },
    });
    closers.unshift(() => queue.close());

    const companies = createCompanyService({
      store, trustedCafSigners, clock,
      onFoliosChanged: (companyRut, left) => left.forEach((entry) => metrics.setFoliosLeft(companyRut, entry.type, entry.left)),
      onCertificateChanged: (companyRut) => signers.forget(companyRut),
    });
    const documents = createDocumentService({
      store, signers, dispatcher: queue, clock,
      observer: {
        issued: (type, milliseconds) => {
          metrics.observeSigning(type, milliseconds / 1000);
          metrics.countDocument(type, 'signed');
        },
        cafExhausted: (companyRut, type) => metrics.countCafExhausted(companyRut, type),
      },
    });
    const demoCreated = local ? await ensureDemoCompany(store, companies, config.dataDirectory, config.demoCompanyRut) : false;

    const health: HealthCheck[] = [
      { name: 'database', check: async () => (await store.ping(), { ok: true }) },
      { name: 'queue', check: async () => ({ ok: true, detail: `${await queue.depth()} jobs waiting` }) },
      { name: 'sii', check: () => siiReachable(siiUrl ?? defaultSiiHost(config)) },
    ];
    const app = await buildApp({
      documents, companies, metrics, logger, health, config,
      auth: createAuthenticator(config.auth, secrets.jwtSecret),
    });
    closers.unshift(() => app.close());
    const metricsApp = config.metrics.port === null ? undefined : await buildMetricsApp({ metrics, logger, token: config.metrics.token });
    if (metricsApp !== undefined) closers.unshift(() => metricsApp.close());
    // Folios left per company and type: a gauge to alert on before a CAF runs out.
    const refreshFolios = async (): Promise<void> => {
      for (const company of await store.companies.list()) {
        for (const entry of await store.folios.left(company.rut)) metrics.setFoliosLeft(company.rut, entry.type, entry.left);
      }
    };
    const foliosTimer = setInterval(() => void refreshFolios().catch((error: unknown) => logger.warn({ err: error }, 'folios-left refresh failed')), 60_000);
    foliosTimer.unref();
    closers.unshift(async () => clearInterval(foliosTimer));
    await refreshFolios();

    return {
      config, app, store, queue, metrics, logger, secrets, simulator, demoCreated,
      async start() {
        await queue.start();
        if (metricsApp !== undefined) await metricsApp.listen({ port: config.metrics.port!, host: config.host });
        return app.listen({ port: config.port, host: config.host });
      },
      async close() {
        for (const close of closers) await close().catch((error: unknown) => logger.error({ err: error }, 'error while closing'));
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

function defaultSiiHost(config: Config): string {
  return config.sii.environment === 'produccion' ? 'https://palena.sii.cl' : 'https://maullin.sii.cl';
}

/** Whether the SII's host answers HTTP at all (any status): /readyz reports, it does not decide. */
async function siiReachable(baseUrl: string): Promise<{ ok: boolean; detail?: string }> {
  try {
    const response = await fetch(`${baseUrl}/DTEWS/CrSeed.jws?WSDL`, { signal: AbortSignal.timeout(2_000) });
    return { ok: response.status < 500, detail: `${baseUrl} answered HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: `${baseUrl} cannot be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}
