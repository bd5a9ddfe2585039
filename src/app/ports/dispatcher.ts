/** Told when documents are ready to be sent, after the transaction that stored them committed. */
export interface SubmissionDispatcher {
  documentsReady(companyRut: string): void;
}
