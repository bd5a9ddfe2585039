import { cafLastUsableDate } from '../core/caf-validity.ts';
import type { FoliosLeft } from './ports/records.ts';
import type { AppLogger } from './ports/logger.ts';
import type { Store } from './ports/store.ts';

/** Told what is left of each company's folios, per type (the folios-left metric). */
export type FoliosLeftObserver = (companyRut: string, left: readonly FoliosLeft[]) => void;

/**
 * Told when a company's signing certificate stops being valid, and the last Chilean date its newest
 * CAF of each six-month type (facturas, 33) may sign on: when it passes, the company needs a new CAF.
 */
export type ExpiryObserver = (companyRut: string, expiry: { certificateValidTo: Date | undefined; cafs: { type: number; lastUsableDate: string }[] }) => void;

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
export function startFolioGauge(options: { store: Store; observe: FoliosLeftObserver; observeExpiry?: ExpiryObserver; intervalMs: number; logger?: AppLogger }): FolioGauge {
  const { store, observe, observeExpiry, logger } = options;
  const refresh = async (): Promise<void> => {
    for (const company of await store.companies.list()) {
      observe(company.rut, await store.folios.left(company.rut));
      if (observeExpiry !== undefined) observeExpiry(company.rut, await expiryOf(store, company.rut));
    }
  };
  const timer = setInterval(() => void refresh().catch((error: unknown) => logger?.warn({ err: error }, 'folios-left refresh failed')), options.intervalMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}

/** The active certificate's end, and the last usable date of the newest CAF of each six-month type. */
async function expiryOf(store: Store, companyRut: string): Promise<Parameters<ExpiryObserver>[1]> {
  const certificate = (await store.certificates.list(companyRut)).find((summary) => summary.active);
  const newest = new Map<number, string>();
  for (const caf of await store.cafs.list(companyRut)) {
    if (caf.authorizedOn > (newest.get(caf.type) ?? '')) newest.set(caf.type, caf.authorizedOn);
  }
  const cafs = [...newest].flatMap(([type, authorizedOn]) => {
    const lastUsableDate = cafLastUsableDate(type, authorizedOn);
    return lastUsableDate === undefined ? [] : [{ type, lastUsableDate }];
  });
  return { certificateValidTo: certificate?.validTo, cafs };
}
