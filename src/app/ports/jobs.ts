/**
 * The jobs of the service, in one table, and how a job's data is read: with a zod schema, once, at
 * the start of its handler. A job's data is JSON that went through Redis and may come from an older
 * version of the service, so a handler never trusts its shape; data it cannot read makes the job
 * fail for good (no retry can fix it), naming the fields.
 */
import { z } from 'zod';
import { DteError } from '../../core/errors.ts';
import type { JobData } from './job-runner.ts';

/** Every job name: the submission's, the notifications' and Slack's. Policies (DEFAULT_JOB_POLICIES) and handlers are keyed by these. */
export const JOB_NAMES = {
  /** Gather a company's documents into envelopes and upload them. */
  submit: 'submit',
  /** Ask the SII how an uploaded envelope went, until it has decided. */
  status: 'status',
  /** Post a document's verdict to its callbackUrl. */
  webhook: 'webhook',
  /** Write a document's verdict on its Odoo invoice. */
  odoo: 'odoo',
  /** Post a rejection or repairs alert to the company's Slack channel. */
  slackAlert: 'slack-alert',
  /** Ask the SII's registry what the receiver did with an accepted document (Ley 19.983), while its window is open. */
  registryPoll: 'registry-poll',
  /** Post a claim alert to the company's Slack channel. */
  slackClaimAlert: 'slack-claim-alert',
} as const;

/** A job name of the table. */
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** A field that names something: a RUT, an id. */
export const jobText = z.string().min(1);

/** The data of a `submit` job. */
export const submitJobSchema = z.object({ companyRut: jobText });

/** The data of a `status` job; `poll` is which question this is, from 1. */
export const statusJobSchema = z.object({ companyRut: jobText, envelopeId: jobText, poll: z.number().int().min(1).default(1) });

export type StatusJobData = z.output<typeof statusJobSchema>;

/** The data of a `registry-poll` job. */
export const registryPollJobSchema = z.object({ companyRut: jobText, documentId: jobText });

/** Reads a job's data with its schema; data it cannot read fails the job for good (JOB_INVALID), naming every field. */
export function readJobData<Schema extends z.ZodType>(name: JobName, schema: Schema, data: JobData): z.output<Schema> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`);
  throw new DteError('JOB_INVALID', `The ${name} job's data cannot be read: ${fields.join('; ')}.`, { retryable: false });
}
