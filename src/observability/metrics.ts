/**
 * The service's Prometheus metrics. One `Metrics` object is made at startup and passed to whoever
 * records something (HTTP layer, application services, queue, SII client); nothing uses prom-client's
 * global registry, so two services in one process (tests) do not mix their numbers.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** SII operations, as the SII client names them in `countSiiCall`. */
export type SiiOperation = 'seed' | 'token' | 'upload' | 'envelope_status' | 'document_status';

/**
 * How an SII call ended: `ok` (an answer that is not an error), `rejected` (the SII answered with an
 * error status), `error` (transport or malformed answer), `timeout`.
 */
export type SiiOutcome = 'ok' | 'rejected' | 'error' | 'timeout';

/** The recorders of every metric, and the text exposition for `GET /metrics`. */
export interface Metrics {
  /** The registry holding this service's metrics only. */
  readonly registry: Registry;
  /** One answered HTTP request; `route` is the route's pattern (`/v1/documents/:id`), never the raw path. */
  observeHttpRequest(method: string, route: string, status: number, seconds: number): void;
  /** A document reached `state` (issued as `signed`, then `queued`, …, `accepted`). */
  countDocument(type: number, state: string): void;
  /** The time one document took to sign (TED and XMLDSig). */
  observeSigning(type: number, seconds: number): void;
  /** One call to the SII. */
  countSiiCall(operation: SiiOperation, outcome: SiiOutcome): void;
  /** The jobs waiting in a queue (`submission`, `status`, …). */
  setQueueDepth(queue: string, depth: number): void;
  /** The folios left in a company's CAFs of one type. */
  setFoliosLeft(companyRut: string, type: number, left: number): void;
  /** A document could not be issued because the company's CAFs of its type ran out. */
  countCafExhausted(companyRut: string, type: number): void;
  /** When a company's active signing certificate expires (Unix seconds). */
  setCertificateExpiry(companyRut: string, epochSeconds: number): void;
  /** When the newest CAF of a six-month type stops signing: the end of its last usable day in Chile (Unix seconds). */
  setCafExpiry(companyRut: string, type: number, epochSeconds: number): void;
  /** The text of every metric in Prometheus's format, and its content type. */
  exposition(): Promise<{ contentType: string; text: string }>;
}

/** How to make the metrics. */
export interface MetricsOptions {
  /** Also collect Node's process metrics (CPU, memory, event loop lag); on by default. */
  processMetrics?: boolean;
}

/** Seconds, from 1 ms to 10 s: the goal is a p95 under 50 ms. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds, from 0.1 ms to 1 s: two RSA signatures take about 0.35 ms on one core. */
const SIGNING_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1];

/** Makes the metrics in a registry of their own. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram({ name, help, labelNames, buckets, registers });
  const httpDuration = histogram('dte_http_request_duration_seconds',
    'Time to answer HTTP requests, by method, route pattern and status code.', ['method', 'route', 'status_code'], HTTP_BUCKETS);
  const documents = counter('dte_documents_issued_total',
    'Issued documents that reached a state (signed, queued, submitted, accepted, …), by document type and state.', ['type', 'state']);
  const signing = histogram('dte_signing_duration_seconds',
    'Time to sign one document (TED and XML signature), by document type.', ['type'], SIGNING_BUCKETS);
  const siiCalls = counter('dte_sii_calls_total', 'Calls to the SII, by operation and outcome.', ['operation', 'outcome']);
  const queueDepth = gauge('dte_queue_depth', 'Jobs waiting in a queue.', ['queue']);
  const foliosLeft = gauge('dte_folios_left', "Folios left in a company's CAFs, by company RUT and document type.", ['company', 'type']);
  const cafExhausted = counter('dte_caf_exhausted_total',
    'Issues refused because no CAF had folios left, by company RUT and document type.', ['company', 'type']);
  const certificateExpiry = gauge('dte_certificate_expiry_timestamp_seconds',
    "When a company's active signing certificate expires, in Unix seconds, by company RUT.", ['company']);
  const cafExpiry = gauge('dte_caf_expiry_timestamp_seconds',
    'When the newest CAF of a type that expires (facturas, six months) stops signing, in Unix seconds, by company RUT and type.', ['company', 'type']);
  return {
    registry,
    setCertificateExpiry: (companyRut, epochSeconds) => certificateExpiry.set({ company: companyRut }, epochSeconds),
    setCafExpiry: (companyRut, type, epochSeconds) => cafExpiry.set({ company: companyRut, type: String(type) }, epochSeconds),
    observeHttpRequest: (method, route, status, seconds) => httpDuration.observe({ method, route, status_code: String(status) }, seconds),
    countDocument: (type, state) => documents.inc({ type: String(type), state }),
    observeSigning: (type, seconds) => signing.observe({ type: String(type) }, seconds),
    countSiiCall: (operation, outcome) => siiCalls.inc({ operation, outcome }),
    setQueueDepth: (queue, depth) => queueDepth.set({ queue }, depth),
    setFoliosLeft: (companyRut, type, left) => foliosLeft.set({ company: companyRut, type: String(type) }, left),
    countCafExhausted: (companyRut, type) => cafExhausted.inc({ company: companyRut, type: String(type) }),
    exposition: async () => ({ contentType: registry.contentType, text: await registry.metrics() }),
  };
}
