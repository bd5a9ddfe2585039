/**
 * From what the receiver checks found to the RecepcionEnvio that says so, and to whom it is mailed.
 */
import { AnswerFields } from './answer-fields.ts';
import type { EnvelopeReception, DocumentReception, ResponseCaratula } from './build-respuesta.ts';
import { documentStatus } from './reception-codes.ts';
import type { ReceivedDocument, ReceivedEnvelopeCheck } from './received-envelope.ts';

/** What the receiver adds to a check to acknowledge it: the file's name, when it came, our number for it. */
export interface ReceiptFacts {
  NmbEnvio: string;
  FchRecep: Date;
  CodEnvio: number;
}

/** Whether a document's identity can be written in a RecepcionDTE line (its type answerable, its fields readable). */
function answerable(document: ReceivedDocument): document is ReceivedDocument & DocumentReception {
  const fields = new AnswerFields();
  fields.type('', document.TipoDTE);
  fields.positive('', document.Folio, 10);
  fields.date('', document.FchEmis);
  fields.rut('', document.RUTEmisor);
  fields.rut('', document.RUTRecep);
  fields.amount('', document.MntTotal);
  return fields.problems.length === 0;
}

/**
 * The RecepcionEnvio of a checked envelope. Each document whose identity the schema can carry gets a
 * RecepcionDTE line with its own state; when the envelope itself is refused, none of its documents
 * is received, so a document without a fault of its own is reported as 99 naming the envelope's
 * refusal. Documents of types the schema cannot name (exportación, liquidación) or with unreadable
 * identities have no line: the envelope's state speaks for them.
 */
export function envelopeReception(check: ReceivedEnvelopeCheck, receipt: ReceiptFacts): EnvelopeReception {
  const refused = check.status.code !== 0;
  const documents = check.documents.filter(answerable).map((document): DocumentReception => {
    const status = refused && document.status.code === 0
      ? documentStatus(99, 'The envelope was refused.', `el envío fue rechazado (${check.status.glosa})`)
      : document.status;
    return {
      TipoDTE: document.TipoDTE,
      Folio: document.Folio,
      FchEmis: document.FchEmis,
      RUTEmisor: document.RUTEmisor,
      RUTRecep: document.RUTRecep,
      MntTotal: document.MntTotal,
      EstadoRecepDTE: status.code,
      RecepDTEGlosa: status.glosa,
    };
  });
  return {
    ...receipt,
    EnvioDTEID: check.envelope?.SetDTEID ?? '',
    ...(check.envelope?.Digest === undefined ? {} : { Digest: check.envelope.Digest }),
    ...(check.envelope?.RutEmisor === undefined ? {} : { RutEmisor: check.envelope.RutEmisor }),
    ...(check.envelope?.RutReceptor === undefined ? {} : { RutReceptor: check.envelope.RutReceptor }),
    EstadoRecepEnv: check.status.code,
    RecepEnvGlosa: check.status.glosa,
    documents,
  };
}

/**
 * The Caratula of the answer to a checked envelope: we (`RutResponde`, the company whose mailbox or
 * API received it) answer its issuer, the Caratula's RutEmisor, or for an unreadable file the RUT its
 * text seems to name. RutRecibe is left empty when neither is known, and the builder then says so.
 */
export function responseCaratula(check: ReceivedEnvelopeCheck, ours: Omit<ResponseCaratula, 'RutRecibe'>): ResponseCaratula {
  return { ...ours, RutRecibe: check.envelope?.RutEmisor ?? check.issuerHint ?? '' };
}

/** Where an answer is mailed, and why there. */
export interface AnswerRecipient {
  address: string;
  source: 'registered' | 'reply-to' | 'from' | 'CorreoEmisor';
}

/** One plain address (no display name, no list): text from a document or a mail header is untrusted. */
const PLAIN_ADDRESS = /^[^\s@,;:<>()"[\]\\]+@[^\s@,;:<>()"[\]\\]+\.[^\s@,;:<>()"[\]\\]+$/;

function plainAddress(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed !== undefined && trimmed.length <= 254 && PLAIN_ADDRESS.test(trimmed) ? trimmed : undefined;
}

/**
 * To whom a RespuestaDTE or EnvioRecibos goes. The manual sends the answer to the issuer of the
 * documents ("Formato Mensaje de Respuesta a DTE", 1.1 item 2); the issuer's address for exchanging
 * documents is the one it registered at the SII, which the SII publishes to other authorised companies
 * ("Manual de certificación", 2.5, "Consulta entre Contribuyentes Autorizados"; in certification the
 * SII names SII_dte_intercambio@sii.cl, section 3). So, in order: that registered address when the
 * caller knows it; the mailbox the envelope came from (Reply-To, then From), which is the issuer's
 * exchange channel in practice; and last the DTE's Emisor/CorreoEmisor, the issuer's contact mail in
 * the signed document. The EnvioDTE's Caratula carries no mail (EnvioDTE_v10.xsd). Only one plain
 * address is ever returned, so a header or a document cannot add recipients.
 */
export function answerRecipient(input: {
  registered?: string;
  mail?: { replyTo?: string; from?: string };
  documents?: ReadonlyArray<Pick<ReceivedDocument, 'CorreoEmisor'>>;
}): AnswerRecipient | undefined {
  const candidates: Array<[AnswerRecipient['source'], string | undefined]> = [
    ['registered', input.registered],
    ['reply-to', input.mail?.replyTo],
    ['from', input.mail?.from],
    ...(input.documents ?? []).map((document): [AnswerRecipient['source'], string | undefined] => ['CorreoEmisor', document.CorreoEmisor]),
  ];
  for (const [source, value] of candidates) {
    const address = plainAddress(value);
    if (address !== undefined) return { address, source };
  }
  return undefined;
}

/** The exchange mailbox the SII names for the intercambio step of certification ("Manual de certificación", section 3). */
export const SII_CERTIFICATION_EXCHANGE_ADDRESS = 'SII_dte_intercambio@sii.cl';
