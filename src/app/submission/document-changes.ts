import { DteError } from '../../core/errors.ts';
import { isRetryable } from '../../core/retry.ts';
import type { RevisionCode, SiiVerdict } from '../ports/sii-gateway.ts';
import { DOCUMENT_STATE_MACHINE, type DocumentState } from '../../core/document-states.ts';
import type { DocumentRecord, FailureRecord, SiiCode, TransitionOptions } from '../ports/index.ts';
import type { SubmissionContext } from './submission-context.ts';

/** A failure to record on documents. */
export interface Failure {
  message: string;
  codes: RevisionCode[];
  retryable: boolean;
  errorCode: string;
  envelopeId?: string;
}

/** Changes a document's state and reports it. */
export async function moveDocument(
  context: SubmissionContext, document: DocumentRecord, to: DocumentState, options: TransitionOptions,
): Promise<DocumentRecord> {
  const updated = await context.store.documents.transition(document.companyRut, document.id, to, options);
  context.observer.documentState?.(updated.type, to);
  return updated;
}

/**
 * Marks a document failed with the reason, visible in its codes and history. A document already
 * failed keeps its first record (a failed document cannot become failed again); the envelope's
 * record keeps every attempt. A failure no retry can fix is told to the listeners, because a person
 * must act (fix and POST /retry).
 */
export async function markFailed(context: SubmissionContext, document: DocumentRecord, failure: Failure): Promise<void> {
  if (!DOCUMENT_STATE_MACHINE[document.state].moves.includes('failed')) return;
  const record: FailureRecord = {
    retryable: failure.retryable, errorCode: failure.errorCode, at: context.clock().toISOString(),
    ...(failure.envelopeId === undefined ? {} : { envelopeId: failure.envelopeId }),
  };
  const updated = await moveDocument(context, document, 'failed', {
    siiCodes: { codes: failure.codes.map(codeJson), failure: record },
    detail: { message: failure.message, ...(failure.envelopeId === undefined ? {} : { envelopeId: failure.envelopeId }) },
  });
  if (!failure.retryable) await tell(context, updated);
}

/** Gives a document the SII's verdict with its codes, and tells the listeners. */
export async function settle(
  context: SubmissionContext,
  document: DocumentRecord,
  verdict: { state: SiiVerdict; siiState: string; codes: RevisionCode[]; source: string; note?: string; envelopeId?: string },
): Promise<DocumentRecord> {
  const updated = await moveDocument(context, document, verdict.state, {
    siiCodes: {
      codes: verdict.codes.map(codeJson), state: verdict.siiState, source: verdict.source,
      ...(document.trackId === null ? {} : { trackId: document.trackId }),
    },
    detail: {
      message: `${verdict.state.replaceAll('_', ' ')} by the SII (${verdict.siiState}, from ${verdict.source})${verdict.note ? `: ${verdict.note}` : ''}`,
      ...(verdict.envelopeId === undefined ? {} : { envelopeId: verdict.envelopeId }),
    },
  });
  await tell(context, updated);
  return updated;
}

/**
 * Tells every listener; a failure to queue one listener's deliveries is logged, never allowed to undo
 * a verdict or to keep the other listeners from hearing of it.
 */
export async function tell(context: SubmissionContext, document: DocumentRecord): Promise<void> {
  for (const listener of context.listeners) {
    try {
      await listener.documentSettled(document);
    } catch (error) {
      context.logger?.error({ documentId: document.id, err: error }, 'could not queue the notifications of a document');
    }
  }
}

/** The failure record of a failed document, when the queue wrote one. */
export function failureOf(document: DocumentRecord): FailureRecord | undefined {
  return document.siiCodes?.failure;
}

/** Describes an error for documents and envelopes: the message a person acts on, never a secret. */
export function failureFrom(error: unknown, envelopeId?: string): Failure {
  const retryable = isRetryable(error);
  const errorCode = error instanceof DteError ? error.code : 'INTERNAL';
  const message = error instanceof DteError ? error.message : `Unexpected error: ${messageOf(error)}`;
  const details = error instanceof DteError && !Array.isArray(error.details) ? error.details : undefined;
  const status = typeof details?.status === 'string' ? details.status : undefined;
  const code: RevisionCode = { code: errorCode, message, ...(status === undefined ? {} : { detail: `upload STATUS ${status}` }) };
  return { message, codes: [code], retryable, errorCode, ...(envelopeId === undefined ? {} : { envelopeId }) };
}

function codeJson(code: RevisionCode): SiiCode {
  return { code: code.code, message: code.message, ...(code.detail === undefined ? {} : { detail: code.detail }) };
}

/** An error's message for logs. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
