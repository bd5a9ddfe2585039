import type { JobRunner } from '../ports/job-runner.ts';
import type { AppLogger } from '../ports/logger.ts';
import type { RegistryGateway, RegistryGatewayOpener } from '../ports/registry-gateway.ts';
import type { ClaimListener } from '../ports/registry-service.ts';
import type { Store } from '../ports/store.ts';
import { createGatewayPool } from '../submission/gateway-pool.ts';
import type { CertificateSource } from '../submission/submission-context.ts';
import type { RegistryPollSettings } from './poll-schedule.ts';

/** The registry gateway of a company: it logs in with the company's certificate. */
export type RegistryGatewayFactory = (companyRut: string) => Promise<RegistryGateway>;

/** What the registry's poll and service share. */
export interface RegistryContext {
  store: Store;
  gateways: RegistryGatewayFactory;
  /** The queue's runner: the poll is one of its jobs. */
  runner: Pick<JobRunner, 'add'>;
  /** Told of each claim found (webhooks and Odoo, Slack). */
  listeners: readonly ClaimListener[];
  settings: RegistryPollSettings;
  clock: () => Date;
  random: () => number;
  logger?: AppLogger;
}

/** What the registry's service needs: the context without the queue. */
export type RegistryCore = Omit<RegistryContext, 'runner'>;

/** The deduplication key of a document's registry poll: one waits and one runs at most. */
export function registryPollKey(documentId: string): string {
  return `registry-poll:${documentId}`;
}

/**
 * One registry gateway per opened certificate (the submission's gateway pool): a company whose
 * certificate is replaced logs in anew, two companies never share a token.
 */
export function createRegistryGatewayPool(store: Store, certificates: CertificateSource, open: RegistryGatewayOpener): RegistryGatewayFactory {
  return createGatewayPool(store, certificates, open);
}
