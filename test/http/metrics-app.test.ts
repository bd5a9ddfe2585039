import { describe, expect, it } from 'vitest';
import { buildMetricsApp } from '../../src/http/metrics-app.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';

describe('the metrics listener', () => {
  it('logs no scrape and raises no deprecation warning (FSTDEP023: no top-level disableRequestLogging)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }): void => void warnings.push(`${warning.code ?? warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const app = await buildMetricsApp({ metrics: createMetrics(), logger, token: null });
    try {
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
      // A warning is emitted on the next tick: give it one.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.startsWith('FSTDEP'))).toEqual([]);
      expect(lines.filter((line) => line.includes('incoming request') || line.includes('request completed'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await app.close();
    }
  });
});
