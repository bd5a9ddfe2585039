/**
 * What the queue reports for metrics. src/main.ts maps it onto src/observability's Metrics
 * (setQueueDepth, countSiiCall, countDocument); the queue does not depend on prom-client.
 */

/** The SII operations the queue calls. */
export type QueueSiiOperation = 'upload' | 'envelope_status' | 'document_status';

/** How an SII call ended: an answer, a refusal (SII_REJECTED), a failure, or no answer in time. */
export type QueueSiiOutcome = 'ok' | 'rejected' | 'error' | 'timeout';

/** Optional hooks; each is called synchronously and must not throw. */
export interface QueueObserver {
  /** Jobs waiting (not running), reported every `depthIntervalMs`. */
  queueDepth?(queue: string, depth: number): void;
  /** One call to the SII. */
  siiCall?(operation: QueueSiiOperation, outcome: QueueSiiOutcome): void;
  /** A document reached a state through the queue (`queued`, `submitted`, `accepted`, …). */
  documentState?(type: number, state: string): void;
}
