import type { Logger } from 'pino';
import type { SigningCertificate } from '../core/certificate.ts';
import type { SiiGateway } from '../sii/sii-gateway.ts';
import type { DocumentRecord, Store } from '../store/index.ts';
import type { JobHandlers, JobRunner } from './job-runner.ts';
import type { QueueObserver } from './queue-observer.ts';
import type { SubmissionSettings } from './settings.ts';

/** Opens a company's signing certificate; SignerCache does, caching it. */
export interface CertificateSource {
  certificate(store: Store, companyRut: string): Promise<SigningCertificate>;
}

/** Builds (or returns a cached) SII gateway that logs in with the company's certificate. */
export type GatewayFactory = (companyRut: string) => Promise<SiiGateway>;

/**
 * Told when a document reached a state others must hear about: a verdict (accepted,
 * accepted_with_repairs, rejected) or a failure that needs a person. It queues its deliveries as
 * jobs of the same runner (its `handlers`) and returns; it may be told twice about one state after
 * a crash, so deliveries are at least once.
 */
export interface DocumentListener {
  documentSettled(document: DocumentRecord): Promise<void>;
  readonly handlers: JobHandlers;
}

/** What the submission jobs share. */
export interface SubmissionContext {
  store: Store;
  runner: JobRunner;
  certificates: CertificateSource;
  gateways: GatewayFactory;
  settings: SubmissionSettings;
  clock: () => Date;
  observer: QueueObserver;
  logger: Logger | undefined;
  listener: DocumentListener | undefined;
}

/** The deduplication key of a company's submission job: one waits and one runs at most. */
export function submitKey(companyRut: string): string {
  return `submit:${companyRut}`;
}

/** The deduplication key of an envelope's status job. */
export function statusKey(envelopeId: string): string {
  return `status:${envelopeId}`;
}
