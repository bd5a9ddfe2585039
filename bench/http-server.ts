/**
 * The service as the HTTP benchmark runs it, in a process of its own so that the load generator does
 * not share its core: PostgreSQL and Redis from the environment, the local SII in-process, and a
 * queue prefix of its own. Prints READY <url> once listening.
 */
import { loadConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createService } from '../src/service.ts';

const service = await createService(loadConfig(), {
  logger: createLogger({ level: 'warn' }),
  simulatorStepMs: 50,
  queuePrefix: process.env.BENCH_QUEUE_PREFIX ?? 'bench',
  submission: { statusFirstDelayMs: 250, statusMaxDelayMs: 1_000 },
});
const url = await service.start();
process.stdout.write(`READY ${url}\n`);
const stop = (): void => void service.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
