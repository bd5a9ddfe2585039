/**
 * When the registry poll asks about a document: once soon after the SII accepted it, then every few
 * hours with a share drawn at random (so documents accepted together are not asked about together),
 * and once more after the window closed, to read the last answer. One registry call per document and
 * round; after a restart each open window is asked again when it is due, spread over a span.
 */
import type { RegistryWindow } from '../ports/registry-records.ts';

/** The poll's pacing; DEFAULT_REGISTRY_POLL_SETTINGS in production, tests shorten it. */
export interface RegistryPollSettings {
  /** The first question, this long after the SII's acceptance (10 min). */
  firstDelayMs: number;
  /** Between questions (4 h)… */
  intervalMs: number;
  /** …give or take this share, drawn at random (0.25). */
  jitter: number;
  /** The last question, this long after the deadline (1 h): a receiver's action of the last minute is read. */
  afterDeadlineMs: number;
  /** After a restart, the windows due are asked over this span, not at once (15 min). */
  recoverySpreadMs: number;
  /** At most this many open windows are queued again per recovery (5,000). */
  scanLimit: number;
}

export const DEFAULT_REGISTRY_POLL_SETTINGS: RegistryPollSettings = {
  firstDelayMs: 600_000,
  intervalMs: 4 * 3_600_000,
  jitter: 0.25,
  afterDeadlineMs: 3_600_000,
  recoverySpreadMs: 900_000,
  scanLimit: 5_000,
};

/** The interval with its jitter: intervalMs × (1 ± jitter). */
export function jitteredInterval(settings: RegistryPollSettings, random: () => number): number {
  return Math.round(settings.intervalMs * (1 + settings.jitter * (2 * random() - 1)));
}

/**
 * Milliseconds until the next question after one asked at `now`, or undefined when that was the last
 * (asked after the deadline). The round after the deadline comes `afterDeadlineMs` past it.
 */
export function nextPollDelay(settings: RegistryPollSettings, window: Pick<RegistryWindow, 'deadline'>, now: Date, random: () => number): number | undefined {
  const untilDeadline = window.deadline.getTime() - now.getTime();
  if (untilDeadline < 0) return undefined;
  return Math.min(jitteredInterval(settings, random), untilDeadline + settings.afterDeadlineMs);
}

/** After a restart: when the window's next question is due (now at the latest), plus a random share of the spread. */
export function recoveryDelay(settings: RegistryPollSettings, window: Pick<RegistryWindow, 'deadline' | 'lastPolledAt'>, now: Date, random: () => number): number {
  const last = window.lastPolledAt?.getTime();
  const byInterval = last === undefined ? now.getTime() : last + settings.intervalMs;
  const finalRound = window.deadline.getTime() + settings.afterDeadlineMs;
  const due = last !== undefined && last > window.deadline.getTime() ? now.getTime() : Math.min(byInterval, finalRound);
  return Math.max(0, due - now.getTime()) + Math.round(random() * settings.recoverySpreadMs);
}
