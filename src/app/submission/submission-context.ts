import type { SigningCertificate } from '../../core/certificate.ts';
import type { SiiGateway } from '../ports/sii-gateway.ts';
import type { Store } from '../ports/index.ts';
import type { JobRunner } from '../ports/job-runner.ts';
import type { AppLogger } from '../ports/logger.ts';
import type { DocumentListener } from '../ports/listeners.ts';
import type { QueueObserver } from '../ports/submission-observer.ts';
import type { SubmissionSettings } from './settings.ts';

/** Opens a company's signing certificate; SignerCache does, caching it. */
export interface CertificateSource {
  certificate(store: Store, companyRut: string): Promise<SigningCertificate>;
}

/** Builds (or returns a cached) SII gateway that logs in with the company's certificate. */
export type GatewayFactory = (companyRut: string) => Promise<SiiGateway>;

/** What the submission jobs share. */
export interface SubmissionContext {
  store: Store;
  runner: JobRunner;
  certificates: CertificateSource;
  gateways: GatewayFactory;
  settings: SubmissionSettings;
  clock: () => Date;
  /** Chance, for the jitter of the status polling (Math.random). */
  random: () => number;
  observer: QueueObserver;
  logger: AppLogger | undefined;
  listeners: readonly DocumentListener[];
}

/** The deduplication key of a company's submission job: one waits and one runs at most. */
export function submitKey(companyRut: string): string {
  return `submit:${companyRut}`;
}

/** The deduplication key of an envelope's status job. */
export function statusKey(envelopeId: string): string {
  return `status:${envelopeId}`;
}
