/**
 * The service as the fault suite runs it: a process of its own that the suite kills with SIGKILL and
 * starts again. PostgreSQL, Redis and the local SII come from the environment (through the suite's
 * proxies); short status polls and job retries so that a run drains in seconds. Prints READY <url>.
 */
import { loadConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createService } from '../src/service.ts';

// FAULTS_REGISTRY_POLL_MS: the registry poll asks every this many ms (the registry fault case), else its production pacing.
const registryPollMs = Number(process.env.FAULTS_REGISTRY_POLL_MS ?? '0');
const service = await createService(loadConfig(), {
  ...(registryPollMs > 0 ? { registryPoll: { firstDelayMs: registryPollMs, intervalMs: registryPollMs, jitter: 0, afterDeadlineMs: registryPollMs, recoverySpreadMs: registryPollMs } } : {}),
  logger: createLogger({ level: 'warn' }),
  queuePrefix: process.env.FAULTS_QUEUE_PREFIX ?? 'faults',
  jobPolicies: { default: { attempts: 1_000, baseDelayMs: 200, maxDelayMs: 1_000 } },
  submission: { statusFirstDelayMs: 100, statusMaxDelayMs: 500, sweepIntervalMs: 2_000, repeatWindowMs: 20_000, siiTimeoutMs: 20_000 },
});
const url = await service.start();
process.stdout.write(`READY ${url}\n`);
const stop = (): void => void service.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
