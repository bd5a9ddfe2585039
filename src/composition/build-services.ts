import type { X509Certificate } from 'node:crypto';
import { createCompanyService } from '../app/company-service.ts';
import { createDocumentService } from '../app/document-service.ts';
import type { CompanyService, DocumentPrinter, DocumentService, ReceivedDocumentRecord, ReceivedService, RegistryGatewayOpener, Store, SubmissionDispatcher } from '../app/ports/index.ts';
import { createReceivedService } from '../app/received/index.ts';
import type { SignerCache } from '../app/signer-cache.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { MailSenders } from './build-received-mail.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';

/** The application services the front ends call. */
export interface ServicesPart {
  documents: DocumentService;
  companies: CompanyService;
  /** Documents we receive: answers leave through the companies' SMTP senders; decisions reach the SII's registry. */
  received: ReceivedService;
}

/** Builds the application services over the store, with metrics as their observers. */
export function buildServices(options: {
  store: Store; signers: SignerCache; dispatcher: SubmissionDispatcher; printer: DocumentPrinter; trustedCafSigners: readonly X509Certificate[]; metrics: Metrics; clock: () => Date;
  /** The SII's registry (decisions record ACD/ERM/RCD there) and the senders of the answers. */
  openRegistry?: RegistryGatewayOpener; mailSenders?: MailSenders; logger?: Logger;
  /** Told of each received document waiting for a decision (the Slack alert). */
  onReceived?: (companyRut: string, documents: readonly ReceivedDocumentRecord[]) => Promise<void>;
}): ServicesPart {
  const { store, signers, metrics, clock } = options;
  const companies = createCompanyService({
    store, trustedCafSigners: options.trustedCafSigners, clock,
    onFoliosChanged: (companyRut, left) => left.forEach((entry) => metrics.setFoliosLeft(companyRut, entry.type, entry.left)),
    onCertificateChanged: (companyRut) => signers.forget(companyRut),
  });
  const documents = createDocumentService({
    store, signers, dispatcher: options.dispatcher, printer: options.printer, clock,
    observer: {
      issued: (type, milliseconds) => {
        metrics.observeSigning(type, milliseconds / 1000);
        metrics.countDocument(type, 'signed');
      },
      cafExhausted: (companyRut, type) => metrics.countCafExhausted(companyRut, type),
    },
  });
  const received = createReceivedService({
    store, certificate: (bound, companyRut) => signers.certificate(bound, companyRut), schemaValidator: sharedSchemaValidator(),
    trustedCafCertificates: options.trustedCafSigners, clock, printer: options.printer,
    ...(options.openRegistry ? { registry: options.openRegistry } : {}),
    ...(options.mailSenders ? { mailSender: (companyRut: string) => options.mailSenders!.sender(companyRut) } : {}),
    ...(options.logger ? { logger: options.logger.child({ component: 'received' }) } : {}),
    ...(options.onReceived ? { onReceived: options.onReceived } : {}),
  });
  return { documents, companies, received };
}
