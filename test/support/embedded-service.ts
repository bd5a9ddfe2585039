import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../src/app/ports/index.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createService, type Service, type ServiceOptions } from '../../src/service.ts';

/** The demo company of the embedded start. */
export const DEMO_COMPANY = '76192083-9';

/** A whole service for an end-to-end test, listening, with a folder of its own. */
export interface EmbeddedService {
  service: Service;
  url: string;
  /** Its DATA_DIR (removed on close). */
  directory: string;
  /** A token of the service's own secret, for the demo company and subject `test-<role>` unless told otherwise. */
  token(role: Role, companies?: string[], subject?: string): Promise<string>;
  /** A request to the API: a string body is sent as it is, anything else as JSON; the answer parsed when it is JSON. */
  call(method: string, path: string, bearer: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: Json }>;
  /** Polls a document until it is accepted, accepted with repairs, rejected or failed (15 s at most unless told). */
  settled(bearer: string, id: string, timeoutMs?: number): Promise<Json>;
  close(): Promise<void>;
}

/** An answer as the tests read it, field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field.
export type Json = any;

/** The states a document stops in. */
export const SETTLED_STATES = ['accepted', 'accepted_with_repairs', 'rejected', 'failed'];

/**
 * Starts the service as `npm start` builds it (PGlite unless DATABASE_URL is given, the in-process
 * local SII), quiet and quick: fast intermediate SII states and status polls, unless `options` says
 * otherwise. `environment` adds to or replaces the variables.
 */
export async function startEmbeddedService(environment: Record<string, string> = {}, options: ServiceOptions = {}): Promise<EmbeddedService> {
  const directory = mkdtempSync(join(tmpdir(), 'dte-e2e-'));
  const config = loadConfig({
    DATA_DIR: directory, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ENVELOPE_MAX_WAIT_MS: '30', DEMO_COMPANY_RUT: DEMO_COMPANY, ...environment,
  });
  const service = await createService(config, {
    logger: createLogger({ level: 'silent' }), simulatorStepMs: 10, ...options,
    submission: { statusFirstDelayMs: 50, statusMaxDelayMs: 200, ...options.submission },
  });
  const url = await service.start();
  const call: EmbeddedService['call'] = async (method, path, bearer, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : text };
  };
  return {
    service, url, directory, call,
    async settled(bearer, id, timeoutMs = 15_000) {
      for (let attempt = 0; attempt < timeoutMs / 50; attempt += 1) {
        const { json } = await call('GET', `/v1/documents/${id}`, bearer);
        if (SETTLED_STATES.includes(json.state)) return json;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`document ${id} never reached a verdict`);
    },
    token: async (role, companies = [DEMO_COMPANY], subject = `test-${role}`) =>
      (await service.localToken({ subject, role, companies, ttlSeconds: 600, now: new Date() }))!,
    async close() {
      await service.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
