/**
 * The SII adapter: the SiiGateway port, its implementation over the SII's protocol, and the pieces
 * other adapters and tests reuse (environments, verdict rules, resilience settings).
 */
export type {
  DocumentResult, DocumentStatus, DocumentStatusQuery, EnvelopeCount, EnvelopeStatus, RevisionCode, SiiGateway, SiiVerdict,
  UploadOptions, UploadReceipt,
} from '../app/ports/sii-gateway.ts';
export { createSiiGateway, SiiClient, type SiiClientOptions } from './sii-client.ts';
export { DEFAULT_LOCAL_SII_URL, SII_HOSTS, SII_PATHS, siiBaseUrl } from './sii-environment.ts';
export { CircuitBreaker, CircuitBreakers, DEFAULT_CIRCUIT_BREAKER_OPTIONS, sharedCircuitBreakers, type CircuitBreakerOptions } from './circuit-breaker.ts';
export { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
export { DEFAULT_TOKEN_LIFETIME_MS, TokenCache } from './token-cache.ts';
export { systemRuntime, type SiiRuntime } from './sii-runtime.ts';
export { readSchemaErrorLine, type SchemaErrorLine } from './schema-error-line.ts';
export { fetchTransport, SII_USER_AGENT, type HttpRequest, type HttpResponse, type HttpTransport } from './http-transport.ts';
