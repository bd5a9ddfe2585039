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
  close(): Promise<void>;
}

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
  return {
    service, url, directory,
    token: async (role, companies = [DEMO_COMPANY], subject = `test-${role}`) =>
      (await service.localToken({ subject, role, companies, ttlSeconds: 600, now: new Date() }))!,
    async close() {
      await service.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
