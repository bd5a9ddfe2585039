/**
 * Submission: gathering a company's documents into envelopes, uploading them, following the SII's
 * verdict and telling the listeners. The jobs run on any JobRunner (in-process or BullMQ).
 */
export { DEFAULT_JOB_POLICIES, DEFAULT_SUBMISSION_SETTINGS, type SubmissionSettings } from './settings.ts';
export { JOB_NAMES } from '../ports/jobs.ts';
export type { CertificateSource, GatewayFactory } from './submission-context.ts';
export { createSubmissionQueue, type RecoveryReport, type SubmissionQueue, type SubmissionQueueOptions } from './submission-queue.ts';
export { createGatewayPool } from './gateway-pool.ts';
