import { DteError } from '../../core/errors.ts';

/** The states of a document, as DESIGN.md names them. */
export const DOCUMENT_STATES = ['signed', 'queued', 'submitted', 'accepted', 'accepted_with_repairs', 'rejected', 'failed'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/**
 * The changes a document may go through. `accepted` and `accepted_with_repairs` are final. A `failed`
 * document is retried later (queued again, or its verdict arrives late), never dropped. A `rejected`
 * document may be queued again, because the SII does not use up the folio of a rejected DTE and some
 * rejections (the envelope's Caratula, an unauthorised sender) are fixed outside the document.
 */
export const DOCUMENT_TRANSITIONS: Readonly<Record<DocumentState, readonly DocumentState[]>> = {
  signed: ['queued', 'failed'],
  queued: ['submitted', 'failed'],
  submitted: ['accepted', 'accepted_with_repairs', 'rejected', 'failed'],
  failed: ['queued', 'submitted', 'accepted', 'accepted_with_repairs', 'rejected'],
  rejected: ['queued'],
  accepted: [],
  accepted_with_repairs: [],
};

/** The states a document can still be (re)submitted from: recovery looks for these. */
export const UNSUBMITTED_STATES: readonly DocumentState[] = ['signed', 'queued', 'failed'];

/** Whether a text names a document state. */
export function isDocumentState(text: string): text is DocumentState {
  return (DOCUMENT_STATES as readonly string[]).includes(text);
}

/** Refuses a change the table does not allow, with a CONFLICT that says what is allowed instead. */
export function checkTransition(documentId: string, from: DocumentState, to: DocumentState): void {
  const allowed = DOCUMENT_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const instead = allowed.length === 0 ? `${from} is final` : `from ${from} it can only become ${allowed.join(', ')}`;
  throw new DteError('CONFLICT', `Document ${documentId} cannot go from ${from} to ${to}: ${instead}.`, {
    details: { documentId, from, to, allowed: [...allowed] },
  });
}
