import { parseRut } from '../rut.ts';
import type { DocumentUnderCheck } from '../verify/document-under-check.ts';
import { verifyDocument } from '../verify/document.ts';
import { spanText, standaloneDocument } from '../verify/raw-xml.ts';
import type { VerifyOptions } from '../verify/report.ts';
import { documentKey, readDocumentFacts } from './envelope-facts.ts';
import type { EnvelopeFacts } from './envelope-facts.ts';
import { documentStatus } from './reception-codes.ts';
import type { DocumentReceptionCode, ReceptionStatus } from './reception-codes.ts';
import type { ReceivedDocument, ReceptionCheck } from './received-envelope.ts';

/** What a document is checked against besides itself. */
export interface DocumentContext {
  envelope: EnvelopeFacts;
  /** Our companies' RUTs, canonical. */
  companies: ReadonlySet<string>;
  verifyOptions: VerifyOptions;
  /** Keys of the documents met earlier in the same envelope. */
  earlier: ReadonlySet<string>;
}

/** What makes a document not received, in the order the codes are chosen, with the information 99 carries. */
const REFUSALS: ReadonlyArray<{ names: ReadonlyArray<ReceptionCheck['name']>; code: DocumentReceptionCode; information?: string }> = [
  { names: ['document-signature', 'signature-certificate'], code: 1 },
  { names: ['issuer'], code: 2 },
  { names: ['receiver'], code: 3 },
  { names: ['ted-signature'], code: 99, information: 'Timbre Electrónico (TED) no válido' },
  { names: ['ted-data'], code: 99, information: 'los datos del Timbre Electrónico no corresponden al documento' },
  { names: ['caf-signature'], code: 99, information: 'CAF no autorizado por el SII' },
  { names: ['repeat'], code: 4 },
];

function canonicalRut(text: string | undefined): string | undefined {
  return text === undefined ? undefined : parseRut(text)?.canonical;
}

function issuerCheck(subject: string, RUTEmisor: string | undefined, envelope: EnvelopeFacts): ReceptionCheck {
  const issuer = canonicalRut(RUTEmisor);
  if (issuer === undefined) {
    return { name: 'issuer', subject, ok: false, detail: `RUTEmisor "${RUTEmisor ?? '(missing)'}" is not a RUT with a right check digit.` };
  }
  if (issuer !== canonicalRut(envelope.RutEmisor)) {
    return { name: 'issuer', subject, ok: false, detail: `RUTEmisor ${issuer} is not the Caratula's RutEmisor ${envelope.RutEmisor ?? '(missing)'}: an envelope carries one issuer's documents.` };
  }
  return { name: 'issuer', subject, ok: true, detail: `RUTEmisor ${issuer} is the Caratula's RutEmisor.` };
}

function receiverCheck(subject: string, RUTRecep: string | undefined, context: DocumentContext): ReceptionCheck {
  const receiver = canonicalRut(RUTRecep);
  if (receiver === undefined || !context.companies.has(receiver)) {
    return { name: 'receiver', subject, ok: false, detail: `RUTRecep ${RUTRecep ?? '(missing)'} is none of our companies (${[...context.companies].join(', ') || 'none'}).` };
  }
  if (receiver !== canonicalRut(context.envelope.RutReceptor)) {
    return { name: 'receiver', subject, ok: false, detail: `RUTRecep ${receiver} is not the Caratula's RutReceptor ${context.envelope.RutReceptor ?? '(missing)'}.` };
  }
  return { name: 'receiver', subject, ok: true, detail: `RUTRecep ${receiver} is one of our companies and the Caratula's RutReceptor.` };
}

/** The state the checks lead to: the first refusal that a failed check triggers, else received. */
export function documentStatusFrom(checks: ReadonlyArray<ReceptionCheck>): ReceptionStatus<DocumentReceptionCode> {
  for (const refusal of REFUSALS) {
    const failed = checks.filter((item) => !item.ok && refusal.names.includes(item.name));
    if (failed.length > 0) return documentStatus(refusal.code, failed.map((item) => item.detail).join(' '), refusal.information);
  }
  return documentStatus(0, 'Every receiver check on the document passed.');
}

/**
 * Checks one DTE of a received envelope as the receiver must: its signature taken alone, its TED and
 * CAF (the verifier's checks), that its issuer is the envelope's, that it is addressed to one of our
 * companies as the Caratula says, and that the same envelope did not carry it already.
 */
export function checkReceivedDocument(document: DocumentUnderCheck, position: number, context: DocumentContext): ReceivedDocument {
  const facts = readDocumentFacts(document.content);
  const key = documentKey(facts);
  const { subject } = document;
  const checks: ReceptionCheck[] = [
    ...verifyDocument(document, context.verifyOptions),
    issuerCheck(subject, facts.RUTEmisor, context.envelope),
    receiverCheck(subject, facts.RUTRecep, context),
  ];
  if (key !== undefined && context.earlier.has(key)) {
    checks.push({ name: 'repeat', subject, ok: false, detail: `The envelope carries ${key} (issuer/type/folio) more than once; this is a repeat of an earlier one in it.` });
  }
  return {
    ...facts,
    position,
    key,
    xml: standaloneDocument(spanText(document.raw, document.span), document.raw.encoding),
    status: documentStatusFrom(checks),
    checks,
  };
}
