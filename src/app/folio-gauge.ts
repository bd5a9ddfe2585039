import type { FoliosLeft } from './ports/records.ts';
import type { AppLogger } from './ports/logger.ts';
import type { Store } from './ports/store.ts';

/** Told what is left of each company's folios, per type (the folios-left metric). */
export type FoliosLeftObserver = (companyRut: string, left: readonly FoliosLeft[]) => void;

/** A running gauge: refresh it on demand, stop it on close. */
export interface FolioGauge {
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Reports every company's folios left at once and then every `intervalMs`, so that an operator can
 * alert before a CAF runs out, also for folios used by another instance. A failed refresh is logged
 * and tried again at the next tick.
 */
export function startFolioGauge(options: { store: Store; observe: FoliosLeftObserver; intervalMs: number; logger?: AppLogger }): FolioGauge {
  const { store, observe, logger } = options;
  const refresh = async (): Promise<void> => {
    for (const company of await store.companies.list()) observe(company.rut, await store.folios.left(company.rut));
  };
  const timer = setInterval(() => void refresh().catch((error: unknown) => logger?.warn({ err: error }, 'folios-left refresh failed')), options.intervalMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
