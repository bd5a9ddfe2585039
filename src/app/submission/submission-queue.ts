import type { SubmissionDispatcher } from '../ports/dispatcher.ts';
import type { DocumentListener } from '../ports/listeners.ts';
import type { Store } from '../ports/index.ts';
import { messageOf } from './document-changes.ts';
import { sendable } from './submit-job.ts';
import type { PendingDocument } from '../ports/records.ts';
import type { JobHandler, JobHandlers, JobRunner } from '../ports/job-runner.ts';
import type { AppLogger } from '../ports/logger.ts';
import { JOB_NAMES, readJobData, statusJobSchema, submitJobSchema } from '../ports/jobs.ts';
import type { QueueObserver } from '../ports/submission-observer.ts';
import { DEFAULT_SUBMISSION_SETTINGS, type SubmissionSettings } from './settings.ts';
import { runStatus } from './status-job.ts';
import { runSubmission } from './submit-job.ts';
import {
  statusKey, submitKey, type CertificateSource, type GatewayFactory, type SubmissionContext,
} from './submission-context.ts';

/** What the submission queue needs; src/main.ts builds it once. */
export interface SubmissionQueueOptions {
  store: Store;
  /** createInProcessRunner (no REDIS_URL) or createBullmqRunner; the queue closes it. */
  runner: JobRunner;
  /** The SignerCache of the service: opens each company's certificate for the envelope signature. */
  certificates: CertificateSource;
  /** The SII gateway of a company (it logs in with the company's certificate). */
  gateways: GatewayFactory;
  /** Told of final states (webhooks and Odoo, Slack alerts); their handlers run in the same runner. */
  listeners?: readonly DocumentListener[];
  settings?: Partial<SubmissionSettings>;
  clock?: () => Date;
  observer?: QueueObserver;
  logger?: AppLogger;
}

/** What a recovery found and queued again. */
export interface RecoveryReport {
  /** Companies given a submission job. */
  companies: number;
  /** Documents waiting for an upload (those failed for good included, which wait for a person). */
  documents: number;
  /** Of those, documents whose upload was interrupted: the SII is asked before they are sent again. */
  interrupted: number;
  /** Envelopes given a status job. */
  envelopes: number;
}

/** The submission queue: the app's SubmissionDispatcher, plus its life cycle. */
export interface SubmissionQueue extends SubmissionDispatcher {
  /** Starts the jobs (the listeners' too), recovers from the database and starts the sweep. */
  start(): Promise<RecoveryReport>;
  /** Queues a job for everything the database says is unfinished; safe to call at any time. */
  recover(): Promise<RecoveryReport>;
  /** Jobs waiting in the runner. */
  depth(): Promise<number>;
  /** Stops the sweep and the runner, waiting for running jobs. */
  close(): Promise<void>;
}

/**
 * Builds the submission queue. Documents are in the database before anyone calls `documentsReady`
 * (the outbox): the queue only dispatches. A company's submission waits `maxWaitMs` to gather
 * documents, or less once `maxDocumentsPerEnvelope` were announced; jobs lost with Redis or with the
 * process are rebuilt from the database by `recover`, at start and every `sweepIntervalMs`.
 */
export function createSubmissionQueue(options: SubmissionQueueOptions): SubmissionQueue {
  const settings: SubmissionSettings = { ...DEFAULT_SUBMISSION_SETTINGS, ...options.settings };
  const { runner, store, logger } = options;
  const context: SubmissionContext = {
    store, runner, settings, logger,
    certificates: options.certificates,
    gateways: options.gateways,
    clock: options.clock ?? (() => new Date()),
    random: Math.random,
    observer: options.observer ?? {},
    listeners: options.listeners ?? [],
  };
  const announced = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];
  const own: JobHandlers = {
    [JOB_NAMES.submit]: async (data) => {
      const { companyRut } = readJobData(JOB_NAMES.submit, submitJobSchema, data);
      announced.delete(companyRut);
      await runSubmission(context, companyRut);
    },
    [JOB_NAMES.status]: (data) => runStatus(context, readJobData(JOB_NAMES.status, statusJobSchema, data)),
  };
  const handlers: JobHandlers = { ...listenerHandlers(options.listeners ?? [], own), ...own };
  const recover = () => recoverUnfinished(context);

  return {
    documentsReady(companyRut: string): void {
      const count = (announced.get(companyRut) ?? 0) + 1;
      announced.set(companyRut, count);
      const key = submitKey(companyRut);
      runner.add(JOB_NAMES.submit, { companyRut }, { delay: settings.maxWaitMs, key })
        .then(() => (count >= settings.maxDocumentsPerEnvelope ? runner.promote(key) : undefined))
        // The documents are stored: the next sweep or start sends them even when this add failed.
        .catch((error: unknown) => logger?.error({ company: companyRut, err: messageOf(error) }, 'could not queue a submission'));
    },
    async start() {
      runner.process(handlers);
      const report = await recover();
      if (settings.sweepIntervalMs > 0) {
        timers.push(setInterval(() => void recover().catch((error: unknown) => logger?.error({ err: messageOf(error) }, 'sweep failed')), settings.sweepIntervalMs));
      }
      if (settings.depthIntervalMs > 0 && options.observer?.queueDepth) {
        const reportDepth = options.observer.queueDepth.bind(options.observer);
        timers.push(setInterval(() => void runner.depth().then((depth) => reportDepth('submission', depth), () => undefined), settings.depthIntervalMs));
      }
      for (const timer of timers) timer.unref();
      return report;
    },
    recover,
    depth: () => runner.depth(),
    async close() {
      for (const timer of timers) clearInterval(timer);
      await runner.close();
    },
  };
}

/** Queues a job for everything the database says is unfinished: each company's waiting documents, each envelope awaiting its verdict. */
async function recoverUnfinished(context: SubmissionContext): Promise<RecoveryReport> {
  const { store, runner, settings, logger } = context;
  const pending: PendingDocument[] = [];
  const companies: string[] = [];
  for (const companyRut of await store.documents.companiesWithPending()) {
    const documents = await store.documents.pendingSubmission(companyRut, settings.scanLimit);
    pending.push(...documents);
    if (!documents.some((document) => document.uploadInterrupted || sendable(document))) continue;
    companies.push(companyRut);
    await runner.add(JOB_NAMES.submit, { companyRut }, { key: submitKey(companyRut) });
  }
  const envelopes = await store.envelopes.awaitingVerdict(settings.scanLimit);
  for (const envelope of envelopes) {
    await runner.add(JOB_NAMES.status, { companyRut: envelope.companyRut, envelopeId: envelope.id, poll: 1 }, { key: statusKey(envelope.id) });
  }
  const report = {
    companies: companies.length, documents: pending.length,
    interrupted: pending.filter((document) => document.uploadInterrupted).length, envelopes: envelopes.length,
  };
  if (report.documents + report.envelopes > 0) logger?.info(report, 'queued again what the database says is unfinished');
  return report;
}

/** The listeners' job handlers in one table; two handlers for one job (the queue's own included) are a wiring bug. */
function listenerHandlers(listeners: readonly DocumentListener[], own: JobHandlers): JobHandlers {
  const handlers: Record<string, JobHandler> = {};
  for (const listener of listeners) {
    for (const [name, handler] of Object.entries(listener.handlers)) {
      if (name in handlers || name in own) throw new Error(`Two handlers for the job ${name}.`);
      handlers[name] = handler;
    }
  }
  return handlers;
}
