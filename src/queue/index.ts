/**
 * The submission queue: one job code path (submit, status, and the listener's jobs) over two
 * runners, BullMQ on Redis (`REDIS_URL`) or in-process timers.
 */
export { createBullmqRunner, type BullmqRunnerOptions } from './bullmq-runner.ts';
export { createInProcessRunner, type InProcessRunnerOptions } from './in-process-runner.ts';
export {
  isPermanentFailure, PermanentJobError, retryDelay,
  type AddOptions, type JobContext, type JobData, type JobHandler, type JobHandlers, type JobRunner, type RetryPolicies, type RetryPolicy,
} from './job-runner.ts';
export type { QueueObserver, QueueSiiOperation, QueueSiiOutcome } from './queue-observer.ts';
export { DEFAULT_JOB_POLICIES, DEFAULT_SUBMISSION_SETTINGS, JOB_NAMES, type SubmissionSettings } from './settings.ts';
export type { CertificateSource, DocumentListener, GatewayFactory } from './submission-context.ts';
export { createSubmissionQueue, type RecoveryReport, type SubmissionQueue, type SubmissionQueueOptions } from './submission-queue.ts';
