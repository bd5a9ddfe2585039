import { DteError } from '../../../src/core/errors.ts';
import type {
  DocumentResult, DocumentStatus, DocumentStatusQuery, EnvelopeCount, EnvelopeStatus, RevisionCode, SiiGateway, UploadOptions, UploadReceipt,
} from '../../../src/app/ports/sii-gateway.ts';

/** A document as the fake SII read it from an uploaded envelope. */
export interface UploadedDocument {
  type: number;
  folio: number;
}

/** One upload the fake SII took (or refused). */
export interface RecordedUpload {
  companyRut: string;
  fileName: string | undefined;
  bytes: Buffer;
  documents: UploadedDocument[];
  trackId: string | undefined;
  at: number;
}

/** What the next upload does: take it, fail with an error, or never answer (until aborted). */
export type UploadStep = 'ok' | 'hang' | DteError;

/** Answers a status question about an upload. */
export type StatusStep = (upload: RecordedUpload) => EnvelopeStatus;

/**
 * A scripted SII behind the SiiGateway port, recording every call. Uploads follow `uploads` (then
 * take everything); status questions follow `statuses` (then accept everything); QueryEstDte answers
 * from `documentStates` by folio (FAU when unknown).
 */
export class FakeSii implements SiiGateway {
  readonly uploadsTaken: RecordedUpload[] = [];
  readonly uploadAttempts: RecordedUpload[] = [];
  readonly statusCalls: { trackId: string; at: number }[] = [];
  readonly documentCalls: DocumentStatusQuery[] = [];
  uploads: UploadStep[] = [];
  statuses: StatusStep[] = [];
  readonly documentStates = new Map<number, string>();
  private nextTrackId = 1000 + Math.floor(Math.random() * 1_000_000) * 1000;

  async upload(envelope: Uint8Array, options: UploadOptions): Promise<UploadReceipt> {
    const bytes = Buffer.from(envelope);
    const record: RecordedUpload = { companyRut: options.companyRut, fileName: options.fileName, bytes, documents: documentsIn(bytes), trackId: undefined, at: Date.now() };
    this.uploadAttempts.push(record);
    const step = this.uploads.shift() ?? 'ok';
    if (step === 'hang') {
      return new Promise<never>((_resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(new DteError('SII_UNAVAILABLE', 'aborted', { retryable: true })));
      });
    }
    if (step instanceof DteError) throw step;
    record.trackId = String((this.nextTrackId += 1));
    this.uploadsTaken.push(record);
    return { trackId: record.trackId, senderRut: '76192083-9', companyRut: options.companyRut, repeated: false };
  }

  async envelopeStatus(trackId: string): Promise<EnvelopeStatus> {
    this.statusCalls.push({ trackId, at: Date.now() });
    const upload = this.uploadsTaken.find((candidate) => candidate.trackId === trackId);
    if (upload === undefined) throw new DteError('SII_REJECTED', `Unknown track id ${trackId}.`);
    const step = this.statuses.shift() ?? acceptAll;
    return step(upload);
  }

  async documentStatus(query: DocumentStatusQuery): Promise<DocumentStatus> {
    this.documentCalls.push(query);
    const state = this.documentStates.get(query.folio) ?? 'FAU';
    return { state, meaning: state === 'DOK' ? 'Documento Recibido por el SII. Datos Coinciden con los Registrados' : `state ${state}` };
  }
}

/** The documents of an envelope, read from the stand-in DTEs' TipoDTE and Folio. */
function documentsIn(bytes: Buffer): UploadedDocument[] {
  const text = bytes.toString('latin1');
  return [...text.matchAll(/<TipoDTE>(\d+)<\/TipoDTE>\s*<Folio>(\d+)<\/Folio>/g)].map((match) => ({ type: Number(match[1]), folio: Number(match[2]) }));
}

function countsOf(upload: RecordedUpload, decide: (document: UploadedDocument) => 'accepted' | 'rejected' | 'repairs'): EnvelopeCount[] {
  const counts = new Map<number, EnvelopeCount>();
  for (const document of upload.documents) {
    const count = counts.get(document.type) ?? { type: document.type, informed: 0, accepted: 0, rejected: 0, repairs: 0 };
    count.informed += 1;
    count[decide(document)] += 1;
    counts.set(document.type, count);
  }
  return [...counts.values()];
}

function status(upload: RecordedUpload, state: string, fields: Partial<EnvelopeStatus>): EnvelopeStatus {
  return { trackId: upload.trackId ?? '', state, stateMeaning: state, counts: [], codes: [], documents: [], ...fields };
}

/** EPR with every document accepted, counts only (as the real getEstUp answers). */
export const acceptAll: StatusStep = (upload) =>
  status(upload, 'EPR', { counts: countsOf(upload, () => 'accepted') });

/** A state of processing (SOK, CRT, PDR…): not final. */
export function inProgress(state: string): StatusStep {
  return (upload) => status(upload, state, {});
}

/** EPR with a line per listed document (DETALLE_REP_RECH) and counts to match; unlisted ones accepted. */
export function perDocument(lines: Record<number, { state: 'RCH' | 'RPR'; codes: RevisionCode[] }>): StatusStep {
  return (upload) => {
    const documents: DocumentResult[] = upload.documents.flatMap((document) => {
      const line = lines[document.folio];
      return line === undefined ? [] : [{ type: document.type, folio: document.folio, state: line.state, codes: line.codes }];
    });
    const counts = countsOf(upload, (document) => {
      const line = lines[document.folio];
      return line === undefined ? 'accepted' : line.state === 'RCH' ? 'rejected' : 'repairs';
    });
    return status(upload, 'EPR', { counts, documents });
  };
}

/** EPR with mixed counts and no per-document lines: the queue must ask QueryEstDte. */
export function mixedCounts(rejectedFolios: readonly number[]): StatusStep {
  return (upload) => status(upload, 'EPR', {
    counts: countsOf(upload, (document) => (rejectedFolios.includes(document.folio) ? 'rejected' : 'accepted')),
  });
}

/** A whole-envelope rejection (RCT, RSC, RFR…) with its codes. */
export function envelopeRejection(state: string, codes: RevisionCode[]): StatusStep {
  return (upload) => status(upload, state, { codes });
}

/** The SII not reachable: retryable. */
export function unavailable(): DteError {
  return new DteError('SII_UNAVAILABLE', 'The SII could not take the upload (STATUS 9: Sistema Bloqueado); try again later.', {
    retryable: true, details: { status: '9' },
  });
}

/** The SII refusing the sender: not retryable (upload STATUS 1). */
export function senderRefused(): DteError {
  return new DteError('SII_REJECTED', 'The SII refused the upload (STATUS 1: El Sender no tiene permiso para enviar): 76192083-9 may not send files.', {
    retryable: false, details: { status: '1' },
  });
}
