import { backoffDelay } from '../../core/retry.ts';
import type { RetryPolicies } from '../ports/job-runner.ts';
import { JOB_NAMES } from '../ports/jobs.ts';

/** How submissions behave; every field has a production default (DEFAULT_SUBMISSION_SETTINGS). */
export interface SubmissionSettings {
  /** Documents per EnvioDTE (`ENVELOPE_MAX_DOCUMENTS`; the SII allows 2,000). */
  maxDocumentsPerEnvelope: number;
  /** How long a submission waits to gather more documents after the first is ready (`ENVELOPE_MAX_WAIT_MS`). */
  maxWaitMs: number;
  /** The first status question comes this long after the upload; each next one waits twice as long… */
  statusFirstDelayMs: number;
  /** …up to this. Polling never stops before the SII decides (the SII is slow, never silent for good). */
  statusMaxDelayMs: number;
  /** The share of each of those waits drawn at random (core/retry.ts), so envelopes sent together are not asked about together. */
  statusJitter: number;
  /** An SII call (the client's own retries included) taking longer than this is abandoned as failed. */
  siiTimeoutMs: number;
  /**
   * For this long after the first upload of an envelope that was interrupted or whose answer was
   * lost (not after its last attempt, which every retry would move on), the same file is sent again:
   * the SII answers a file it already has with its first track id (it keeps that memory 900 s, which
   * bounds this window), and processes one it never got. After it, the SII has processed what it
   * received, so it is asked (QueryEstDte) before anything is sent: asked earlier, an envelope it
   * received but has not processed yet reads as "not received" (FAU).
   */
  repeatWindowMs: number;
  /** How often pending documents and envelopes are looked for again (0: only at start). */
  sweepIntervalMs: number;
  /** How often the queue depth is reported to the observer (0: never). */
  depthIntervalMs: number;
  /** At most this many pending documents are read per scan (the rest come in the next run). */
  scanLimit: number;
}

/** Production defaults. */
export const DEFAULT_SUBMISSION_SETTINGS: SubmissionSettings = {
  maxDocumentsPerEnvelope: 50,
  maxWaitMs: 5_000,
  statusFirstDelayMs: 2_000,
  statusMaxDelayMs: 300_000,
  statusJitter: 0.2,
  siiTimeoutMs: 900_000,
  repeatWindowMs: 600_000,
  sweepIntervalMs: 300_000,
  depthIntervalMs: 15_000,
  scanLimit: 5_000,
};

/**
 * Attempts of failed runs, per job name. A submission that cannot reach the SII runs 8 times (waits
 * of 5 s, 10 s, … capped at 5 min, about 20 minutes in all); after that its documents stay `failed`
 * and the sweep tries them again every `sweepIntervalMs`, so nothing is dropped. Status jobs retry
 * only on errors of their own (not while the SII is still deciding: that is polling). Webhooks and
 * Odoo writes run 10 times, up to 30 minutes apart (about 2.5 hours in all). A fifth of each wait is
 * drawn at random (JOB_JITTER), so the jobs an outage failed together do not all come back at once.
 */
const JOB_JITTER = 0.2;
export const DEFAULT_JOB_POLICIES: RetryPolicies = {
  default: { attempts: 5, baseDelayMs: 5_000, maxDelayMs: 300_000, jitter: JOB_JITTER },
  byName: {
    [JOB_NAMES.submit]: { attempts: 8, baseDelayMs: 5_000, maxDelayMs: 300_000, jitter: JOB_JITTER },
    [JOB_NAMES.status]: { attempts: 10, baseDelayMs: 5_000, maxDelayMs: 300_000, jitter: JOB_JITTER },
    [JOB_NAMES.webhook]: { attempts: 10, baseDelayMs: 10_000, maxDelayMs: 1_800_000, jitter: JOB_JITTER },
    [JOB_NAMES.odoo]: { attempts: 10, baseDelayMs: 10_000, maxDelayMs: 1_800_000, jitter: JOB_JITTER },
  },
};

/**
 * The wait before status question `poll + 1`: the one backoff (core/retry.ts) from
 * `statusFirstDelayMs` (twice that after the first question, four times after the second, …) up to
 * `statusMaxDelayMs`, with `statusJitter`.
 */
export function nextStatusDelay(settings: SubmissionSettings, poll: number, random: () => number): number {
  return backoffDelay({ baseDelayMs: settings.statusFirstDelayMs, maxDelayMs: settings.statusMaxDelayMs, jitter: settings.statusJitter }, poll + 1, random);
}
