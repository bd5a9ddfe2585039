/**
 * Intake of one file a supplier sent (by mail or over HTTP): the receiver checks of the SII's manual,
 * the record kept as evidence whatever the file held, and the RecepcionEnvio RespuestaDTE that says
 * what was found, signed and queued to mail, all in one transaction. The same file twice (a mail read
 * again after a crash) is recognised by its SHA-256 and nothing is done the second time.
 */
import { createHash } from 'node:crypto';
import {
  answerRecipient, buildRecepcionEnvio, checkReceivedEnvelope, envelopeReception, markRepeats, responseCaratula,
  type ReceivedEnvelopeCheck,
} from '../../core/intercambio/index.ts';
import { DteError } from '../../core/errors.ts';
import { documentStatus } from '../../core/intercambio/reception-codes.ts';
import type { JsonObject, NewReceivedEnvelope, ReceivedEnvelopeRecord, ReceivedSource, Store } from '../ports/index.ts';
import { claimDeadline, type ReceivedDependencies } from './received-dependencies.ts';

/** One file to take, and where it came from. */
export interface IncomingEnvelope {
  /** Our company whose mailbox or API received it. */
  companyRut: string;
  bytes: Uint8Array;
  fileName: string;
  source: ReceivedSource;
  /** The mail's addresses and identity (untrusted text), for mail intake. */
  mail?: { from?: string; replyTo?: string; messageId?: string; meta: JsonObject };
}

/** What intake did with a file. */
export interface IntakeOutcome {
  envelope: ReceivedEnvelopeRecord;
  /** True when the file had been taken before and nothing was done now. */
  repeated: boolean;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The record of a checked file; the bytes are kept unless they were too large to read. */
export function envelopeRecord(file: IncomingEnvelope, check: ReceivedEnvelopeCheck, receivedAt: Date, maxBytes: number): NewReceivedEnvelope {
  const envelope = check.envelope;
  return {
    fileSha256: check.fileSha256,
    fileName: file.fileName.slice(0, 255),
    fileSize: file.bytes.byteLength,
    ...(file.bytes.byteLength <= maxBytes ? { original: file.bytes } : {}),
    source: file.source,
    ...(file.mail === undefined ? {} : { mail: file.mail.meta }),
    ...(envelope?.Digest === undefined ? {} : { digest: envelope.Digest }),
    ...(envelope?.SetDTEID === undefined ? {} : { SetDTEID: envelope.SetDTEID }),
    ...((envelope?.RutEmisor ?? check.issuerHint) === undefined ? {} : { RutEmisor: (envelope?.RutEmisor ?? check.issuerHint)! }),
    status: check.status,
    checks: check.checks,
    receivedAt,
    documents: check.documents.map((document) => ({
      position: document.position,
      ...(document.key === undefined ? {} : { key: document.key }),
      ...(document.TipoDTE === undefined ? {} : { TipoDTE: document.TipoDTE }),
      ...(document.Folio === undefined ? {} : { Folio: document.Folio }),
      ...(document.FchEmis === undefined ? {} : { FchEmis: document.FchEmis }),
      ...(document.RUTEmisor === undefined ? {} : { RUTEmisor: document.RUTEmisor }),
      ...(document.RznSoc === undefined ? {} : { RznSoc: document.RznSoc }),
      ...(document.RUTRecep === undefined ? {} : { RUTRecep: document.RUTRecep }),
      ...(document.MntTotal === undefined ? {} : { MntTotal: document.MntTotal }),
      // A document counts as received only when the envelope was too.
      status: check.status.code !== 0 && document.status.code === 0
        ? documentStatus(99, 'The envelope was refused.', `el envío fue rechazado (${check.status.glosa})`)
        : document.status,
      checks: document.checks,
      xml: document.xml,
      ...(check.status.code === 0 && document.status.code === 0 ? { deadline: claimDeadline(receivedAt) } : {}),
    })),
  };
}

/** Stores the file and its signed RecepcionEnvio in the transaction. */
async function storeWithAnswer(
  transaction: Store, file: IncomingEnvelope, check: ReceivedEnvelopeCheck, dependencies: ReceivedDependencies, receivedAt: Date,
): Promise<IntakeOutcome> {
  const before = await transaction.received.findByFile(file.companyRut, check.fileSha256);
  if (before !== undefined) return { envelope: before, repeated: true };
  const maxBytes = dependencies.maxEnvelopeBytes ?? 32 * 1024 * 1024;
  const envelope = await transaction.received.insertEnvelope(file.companyRut, envelopeRecord(file, check, receivedAt, maxBytes));
  const certificate = await dependencies.certificate(transaction, file.companyRut);
  const idRespuesta = await transaction.received.nextAnswerNumber();
  const built = buildRecepcionEnvio({
    caratula: responseCaratula(check, { RutResponde: file.companyRut, IdRespuesta: idRespuesta }),
    envelopes: [envelopeReception(check, { NmbEnvio: file.fileName.slice(0, 80), FchRecep: receivedAt, CodEnvio: envelope.codEnvio })],
    certificate,
    signedAt: receivedAt,
  });
  if (!built.ok) {
    // An unreadable file that names no issuer cannot be answered; it is kept as evidence all the same.
    dependencies.logger?.warn({ companyRut: file.companyRut, envelopeId: envelope.id, problems: built.problems }, 'received file kept without an answer');
    return { envelope, repeated: false };
  }
  const recipient = answerRecipient({ ...(file.mail === undefined ? {} : { mail: file.mail }), documents: check.documents });
  await transaction.received.addAnswer(file.companyRut, {
    envelopeId: envelope.id,
    kind: 'RecepcionEnvio',
    idRespuesta,
    xml: built.value,
    fileName: `RecepcionEnvio_${envelope.codEnvio}.xml`,
    ...(recipient === undefined ? {} : { recipient: recipient.address }),
    ...(file.mail?.messageId === undefined ? {} : { inReplyTo: file.mail.messageId }),
  });
  return { envelope, repeated: false };
}

/**
 * Takes one file: checks it as the manual says a receiver must (checkReceivedEnvelope, then repeats
 * of earlier envelopes and documents from the record), stores it with its documents and the signed
 * RecepcionEnvio, and returns the record. Idempotent by the file's SHA-256, also when two instances
 * take the same mail at once (the second finds the first's record).
 */
export async function receiveEnvelope(dependencies: ReceivedDependencies, file: IncomingEnvelope): Promise<IntakeOutcome> {
  const { store } = dependencies;
  const earlier = await store.received.findByFile(file.companyRut, sha256(file.bytes));
  if (earlier !== undefined) return { envelope: earlier, repeated: true };
  const first = checkReceivedEnvelope(file.bytes, {
    companyRuts: [file.companyRut],
    schemaValidator: dependencies.schemaValidator,
    trustedCafCertificates: dependencies.trustedCafCertificates,
    ...(dependencies.maxEnvelopeBytes === undefined ? {} : { maxBytes: dependencies.maxEnvelopeBytes }),
  });
  const keys = first.documents.flatMap((document) => (document.key === undefined ? [] : [document.key]));
  const known = await store.received.known(file.companyRut, first.envelope?.Digest === undefined ? [] : [first.envelope.Digest], keys);
  const check = markRepeats(first, known);
  const receivedAt = dependencies.clock();
  try {
    return await store.transaction((transaction) => storeWithAnswer(transaction, file, check, dependencies, receivedAt));
  } catch (error) {
    if (!(error instanceof DteError) || error.code !== 'CONFLICT') throw error;
    const twin = await store.received.findByFile(file.companyRut, check.fileSha256);
    if (twin === undefined) throw error;
    return { envelope: twin, repeated: true };
  }
}
