import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The simulator's clock, which can be moved (`PUT /admin/clock`): every date the local SII reads —
 * token and seed lifetimes, the states of an envelope, the 900-second window, the eight days of the
 * registry (Ley 19.983) — comes from here, so a test or a rehearsal can step past the eight days of a
 * factura without waiting for them. The clock keeps running from where it was moved to: it adds an
 * offset to the underlying clock (the system's, or the `now` option). With a data directory the offset
 * is kept in `clock.json`, so a restart does not move the SII's time back past what it recorded.
 */

const DAY_MS = 86_400_000;

/** The largest move either way: ten years. */
const LIMIT_MS = 3_650 * DAY_MS;

/** `PUT /admin/clock`: an offset from the underlying clock in days or milliseconds, or the time to show now. */
export const clockChangeSchema = z.union([
  z.object({ offsetDays: z.number().min(-3_650).max(3_650) }).strict(),
  z.object({ offsetMs: z.number().int().min(-LIMIT_MS).max(LIMIT_MS) }).strict(),
  z.object({ at: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with Z or an offset, such as 2026-12-01T12:00:00Z' }) }).strict(),
], { message: 'give one of offsetDays, offsetMs or at (an ISO 8601 date-time)' });

/** What the clock shows. */
export interface ClockReading {
  /** The simulator's time now, ISO 8601. */
  now: string;
  /** How far it is from the underlying clock, in milliseconds. */
  offsetMs: number;
}

export class SimulatorClock {
  private offsetMs: number;
  private readonly file: string | undefined;

  /** A clock over `underlying`, starting `initialOffsetMs` away from it unless the directory remembers another offset. */
  constructor(private readonly underlying: () => Date, directory: string | undefined, initialOffsetMs = 0) {
    this.file = directory === undefined ? undefined : join(directory, 'clock.json');
    this.offsetMs = initialOffsetMs;
    if (this.file !== undefined && existsSync(this.file)) {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { offsetMs?: unknown };
      if (typeof saved.offsetMs === 'number' && Number.isFinite(saved.offsetMs)) this.offsetMs = saved.offsetMs;
    }
  }

  /** The simulator's time. */
  readonly now = (): Date => new Date(this.underlying().getTime() + this.offsetMs);

  reading(): ClockReading {
    return { now: this.now().toISOString(), offsetMs: this.offsetMs };
  }

  /** Moves the clock (`{ offsetDays }`, `{ offsetMs }` or `{ at }`); throws a ZodError on bad input. */
  set(input: unknown): ClockReading {
    const change = clockChangeSchema.parse(input);
    let offset: number;
    if ('offsetDays' in change) offset = Math.round(change.offsetDays * DAY_MS);
    else if ('offsetMs' in change) offset = change.offsetMs;
    else offset = Date.parse(change.at) - this.underlying().getTime();
    if (Math.abs(offset) > LIMIT_MS) throw new z.ZodError([{ code: 'custom', path: ['at'], message: 'is more than ten years away from now', input }]);
    this.offsetMs = offset;
    this.save();
    return this.reading();
  }

  /** Back to the underlying clock. */
  reset(): ClockReading {
    this.offsetMs = 0;
    this.save();
    return this.reading();
  }

  private save(): void {
    if (this.file === undefined) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify({ offsetMs: this.offsetMs }));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
