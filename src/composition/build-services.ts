import type { X509Certificate } from 'node:crypto';
import { createCompanyService } from '../app/company-service.ts';
import { createDocumentService } from '../app/document-service.ts';
import type { CompanyService, DocumentPrinter, DocumentService, Store, SubmissionDispatcher } from '../app/ports/index.ts';
import type { SignerCache } from '../app/signer-cache.ts';
import type { Metrics } from '../observability/metrics.ts';

/** The application services the front ends call. */
export interface ServicesPart {
  documents: DocumentService;
  companies: CompanyService;
}

/** Builds the application services over the store, with metrics as their observers. */
export function buildServices(options: {
  store: Store; signers: SignerCache; dispatcher: SubmissionDispatcher; printer: DocumentPrinter; trustedCafSigners: readonly X509Certificate[]; metrics: Metrics; clock: () => Date;
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
  return { documents, companies };
}
