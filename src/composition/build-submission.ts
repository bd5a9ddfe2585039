import type { Logger } from 'pino';
import type { ClaimListener, DocumentListener, JobRunner, RetryPolicies, Store } from '../app/ports/index.ts';
import type { SignerCache } from '../app/signer-cache.ts';
import {
  createSubmissionQueue, DEFAULT_JOB_POLICIES, type GatewayFactory, type SubmissionQueue, type SubmissionSettings,
} from '../app/submission/index.ts';
import type { Config } from '../config/config.ts';
import { createNotifier } from '../notify/index.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createBullmqRunner, createInProcessRunner } from '../queue/index.ts';

export interface SubmissionPartOptions {
  config: Config;
  store: Store;
  signers: SignerCache;
  /** The process's one SII gateway per certificate (createGatewayPool), shared with the agent. */
  gateways: GatewayFactory;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
  /** Listeners besides webhooks and Odoo (Slack alerts). */
  listeners?: readonly DocumentListener[];
  /** Listeners that queue their deliveries on the queue's own runner (Slack alerts), built with it. */
  listenersOnRunner?: (runner: Pick<JobRunner, 'add'>) => readonly DocumentListener[];
  /** Listeners of claims on the queue's own runner (Slack's claim alerts); webhooks and Odoo are told too. */
  claimListenersOnRunner?: (runner: Pick<JobRunner, 'add'>) => readonly ClaimListener[];
  /** The registry poll (Ley 19.983), built on the queue's runner and told of claims by the claim listeners. */
  registry?: (runner: Pick<JobRunner, 'add'>, claimListeners: readonly ClaimListener[]) => DocumentListener;
  settings?: Partial<SubmissionSettings>;
  /** BullMQ key prefix, so tests on one Redis do not meet. */
  queuePrefix?: string;
  /** DEFAULT_JOB_POLICIES unless given. */
  jobPolicies?: RetryPolicies;
}

/** The submission queue on its runner (BullMQ with REDIS_URL, else in-process), with webhooks and Odoo as listeners. */
export function buildSubmission(options: SubmissionPartOptions): SubmissionQueue {
  const { config, store, logger, clock, metrics } = options;
  const policies = options.jobPolicies ?? DEFAULT_JOB_POLICIES;
  const runner = config.redisUrl
    ? createBullmqRunner({ redisUrl: config.redisUrl, policies, logger, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) })
    : createInProcessRunner({ policies, logger });
  const notifier = createNotifier({ store, runner, config, webhookSecret: config.webhookSecret, clock, logger });
  const claimListeners = [notifier, ...(options.claimListenersOnRunner?.(runner) ?? [])];
  const registry = options.registry?.(runner, claimListeners);
  return createSubmissionQueue({
    store, runner, clock, logger,
    certificates: options.signers,
    gateways: options.gateways,
    listeners: [notifier, ...(options.listeners ?? []), ...(options.listenersOnRunner?.(runner) ?? []), ...(registry ? [registry] : [])],
    settings: { maxDocumentsPerEnvelope: config.envelope.maxDocuments, maxWaitMs: config.envelope.maxWaitMs, ...options.settings },
    observer: {
      queueDepth: (name, depth) => metrics.setQueueDepth(name, depth),
      siiCall: (operation, outcome) => metrics.countSiiCall(operation, outcome),
      documentState: (type, state) => metrics.countDocument(type, state),
    },
  });
}
