import { randomBytes } from 'node:crypto';
import type { Database } from '../../../src/store/database.ts';
import type { Store } from '../../../src/app/ports/store.ts';

/** One engine under test: an empty database of its own, and a way to open a second handle on it. */
export interface StoreHarness {
  /** An empty, unmigrated database. */
  database: Database;
  /** Another handle on the same storage, as a second process would have (PGlite: the same engine). */
  connect(): Database;
  /** Closes every handle and removes what the run created. */
  close(): Promise<void>;
}

/** Makes a harness; runs once per suite. */
export type HarnessFactory = () => Promise<StoreHarness>;

/** What the parts of the suite share, filled in by the suite's beforeAll. */
export interface SuiteContext {
  harness: StoreHarness;
  store: Store;
  masterKey: Buffer;
  /** The migration reports of the two handles that started together. */
  startupReports: number[][];
}

/** A master key for one run. */
export function randomMasterKey(): Buffer {
  return randomBytes(32);
}
