import type { DocumentRecord, EnvelopeRecord, PendingDocument } from '../ports/index.ts';
import { failureOf } from './document-changes.ts';
import { buildAndStoreEnvelope, uploadEnvelope } from './envelope-upload.ts';
import { reconcileInterrupted } from './interrupted-uploads.ts';
import { JOB_NAMES } from '../ports/jobs.ts';
import { submitKey, type SubmissionContext } from './submission-context.ts';

/**
 * The `submit` job of one company: every document of the company waiting for an upload goes out.
 * - Uploads that were interrupted or went unanswered are settled with the SII first
 *   (reconcileInterrupted): the same file again within the SII's repeat window, else QueryEstDte.
 * - Documents whose upload failed with a retryable error go out again in the same stored envelope
 *   (the same bytes: the SII recognises a file sent twice within 900 s and answers with its first
 *   track id), when that envelope's documents are all still waiting.
 * - The rest (signed, queued, and failed ones whose envelope cannot be reused) are batched into new
 *   envelopes of at most `maxDocumentsPerEnvelope`.
 * - Documents failed for good (the SII refused) wait for a person: POST /retry makes them queued.
 * The first retryable upload failure ends the run with that error, so the runner retries it with
 * backoff; the documents not yet enveloped keep their state.
 */
export async function runSubmission(context: SubmissionContext, companyRut: string): Promise<void> {
  const pending = await context.store.documents.pendingSubmission(companyRut, context.settings.scanLimit);
  const interrupted = pending.filter((document) => document.uploadInterrupted);
  const waiting = pending.filter((document) => !document.uploadInterrupted && sendable(document));
  const { repeat, resend } = interrupted.length === 0 ? { repeat: [], resend: [] } : await reconcileInterrupted(context, interrupted);
  const { reused, fresh } = await splitReusable(context, companyRut, waiting);
  for (const { envelope, documents } of [...repeat, ...reused]) await uploadEnvelope(context, envelope, documents);
  const batches = chunks([...fresh, ...resend], context.settings.maxDocumentsPerEnvelope);
  for (const batch of batches) {
    const stored = await buildAndStoreEnvelope(context, companyRut, batch);
    if (stored !== undefined) await uploadEnvelope(context, stored.envelope, stored.documents);
  }
  if (pending.length >= context.settings.scanLimit) {
    // The scan was cut short: the rest of this company's documents may be beyond it.
    await context.runner.add(JOB_NAMES.submit, { companyRut }, { key: submitKey(companyRut) });
  }
}

/** Whether the queue sends a document on its own: not when it failed for good (a person must act). */
export function sendable(document: DocumentRecord): boolean {
  return document.state !== 'failed' || failureOf(document)?.retryable !== false;
}

interface Reusable {
  envelope: EnvelopeRecord;
  documents: DocumentRecord[];
}

/**
 * Finds failed uploads to repeat byte for byte: a failed envelope all of whose documents are
 * failed and waiting here, with it named as their failed envelope.
 */
async function splitReusable(
  context: SubmissionContext, companyRut: string, documents: readonly PendingDocument[],
): Promise<{ reused: Reusable[]; fresh: DocumentRecord[] }> {
  const byEnvelope = new Map<string, PendingDocument[]>();
  const fresh: DocumentRecord[] = [];
  for (const document of documents) {
    const envelopeId = document.state === 'failed' ? failureOf(document)?.envelopeId : undefined;
    if (envelopeId === undefined) fresh.push(document);
    else byEnvelope.set(envelopeId, [...(byEnvelope.get(envelopeId) ?? []), document]);
  }
  const reused: Reusable[] = [];
  for (const [envelopeId, group] of byEnvelope) {
    const envelope = await context.store.envelopes.get(companyRut, envelopeId);
    const ids = new Set(group.map((document) => document.id));
    if (envelope?.state === 'failed' && envelope.documentIds.every((id) => ids.has(id))) reused.push({ envelope, documents: group });
    else fresh.push(...group);
  }
  return { reused, fresh };
}

function chunks<Item>(items: readonly Item[], size: number): Item[][] {
  const result: Item[][] = [];
  for (let start = 0; start < items.length; start += Math.max(1, size)) result.push(items.slice(start, start + Math.max(1, size)));
  return result;
}
