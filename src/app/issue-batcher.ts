import type { Store } from './ports/index.ts';

interface Pending {
  work: (store: Store) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for issuing. Folios of one company and type are handed out under one row lock, so
 * concurrent issues of that type take turns; with one transaction each, the lock is held across every
 * round trip of every turn. Here the issues that arrive while a transaction runs wait for it and then
 * share the next one, and one commit serves them all. When a piece of work fails, the batch is run
 * again with each piece in its own savepoint: the failure rolls back its own folio, claim and audit
 * entry and nothing else. An issue that finds nothing running starts at once, so a quiet service adds
 * no delay.
 */
export class IssueBatcher {
  private readonly waiting = new Map<string, Pending[]>();
  private readonly running = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly maximumBatch = 64,
  ) {}

  /** Runs `work` in a savepoint of the next transaction of `key` (a company and document type). */
  run<T>(key: string, work: (store: Store) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.waiting.set(key, queue);
      if (!this.running.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.running.add(key);
    try {
      for (let queue = this.waiting.get(key); queue && queue.length > 0; queue = this.waiting.get(key)) {
        const batch = queue.splice(0, this.maximumBatch);
        const settled = (await this.together(batch)) ?? (await this.apart(batch));
        batch.forEach((item, index) => {
          const outcome = settled[index]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        });
      }
    } finally {
      this.running.delete(key);
      this.waiting.delete(key);
    }
  }

  /**
   * The usual case: every piece of work succeeds, so no savepoints are needed. When one fails the
   * whole transaction is rolled back and `undefined` says to run the batch again with savepoints.
   */
  private async together(batch: Pending[]): Promise<Settled[] | undefined> {
    const values: unknown[] = [];
    let itemFailed = false;
    try {
      await this.store.transaction(async (transaction) => {
        for (const item of batch) {
          try {
            values.push(await item.work(transaction));
          } catch (error) {
            itemFailed = true;
            throw error;
          }
        }
      });
      return values.map((value) => ({ ok: true, value }));
    } catch (error) {
      if (itemFailed) return undefined;
      // The transaction itself failed (the database, the commit): nothing of the batch was stored.
      return batch.map(() => ({ ok: false, error }));
    }
  }

  /** Each piece of work in its own savepoint: a failure rolls back its own part only. */
  private async apart(batch: Pending[]): Promise<Settled[]> {
    const settled: Settled[] = [];
    try {
      await this.store.transaction(async (transaction) => {
        for (const item of batch) {
          try {
            settled.push({ ok: true, value: await transaction.transaction(item.work) });
          } catch (error) {
            settled.push({ ok: false, error });
          }
        }
      });
      return settled;
    } catch (error) {
      return batch.map(() => ({ ok: false, error }));
    }
  }
}
