import type { X509Certificate } from 'node:crypto';
import type { SigningCertificate } from '../../core/certificate.ts';
import type { SchemaValidator } from '../../core/ports.ts';
import type { AppLogger, DocumentPrinter, MailSender, ReceivedDocumentRecord, RegistryGatewayOpener, Store } from '../ports/index.ts';

/** What the received-documents use cases need; the composition root builds it once. */
export interface ReceivedDependencies {
  store: Store;
  /** The company's active signing certificate, opened (SignerCache.certificate). */
  certificate(store: Store, companyRut: string): Promise<SigningCertificate>;
  schemaValidator: SchemaValidator;
  /** Certificates trusted to sign CAFs: the SII's, or the local test authority. */
  trustedCafCertificates: readonly X509Certificate[];
  clock: () => Date;
  /** The SMTP sender of a company's answers; undefined leaves them queued. */
  mailSender?: (companyRut: string) => MailSender | undefined | Promise<MailSender | undefined>;
  /** The SII's registry (Ley 19.983); undefined records decisions without registry actions, saying so. */
  registry?: RegistryGatewayOpener;
  logger?: AppLogger;
  /** Prints a supplier's document (GET /v1/received/{id}/pdf). */
  printer?: DocumentPrinter;
  /** Told of the documents of each new envelope that wait for a decision (the Slack alert). */
  onReceived?: (companyRut: string, documents: readonly ReceivedDocumentRecord[]) => Promise<void> | void;
  /** Files larger than this are refused unread and kept only by their digest (default 32 MiB). */
  maxEnvelopeBytes?: number;
}

/** Ley 19.983, art. 3: the receiver has eight days from reception to claim against the content. */
export const CLAIM_WINDOW_DAYS = 8;

/** The claim deadline of a document received at `receivedAt`. */
export function claimDeadline(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + CLAIM_WINDOW_DAYS * 86_400_000);
}
