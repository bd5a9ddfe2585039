import { ruleBreaches, type RuleFacts, type SiiRule } from '../../core/sii-rules.ts';
import type { Referencia } from '../../core/document-request.ts';
import { isFinal } from '../../core/document-states.ts';
import { siiDate } from '../../core/sii-time.ts';
import type { VerificationReport } from '../../core/verify/index.ts';
import type { BilingualText, CafSummary, CodeCatalog, Diagnosis, DiagnosisFinding, DocumentRecord, EnvelopeView, HistoryEntry, Store } from '../ports/index.ts';
import { documentTypeName } from './document-type-names.ts';
import { envelopeFindings } from './envelope-findings.ts';


/** The core's verifier over a stored DTE's bytes (schema, signatures, TED, CAF, totals). */
export type DocumentVerifier = (xml: Uint8Array) => VerificationReport;

/** What a diagnosis may use besides the store: the verifier, the document's envelopes and the SII code catalog. */
export interface DiagnosisSources {
  verify?: DocumentVerifier;
  /** The document's envelopes, oldest first (DocumentService.envelopes), for where a document on its way stands. */
  envelopes?: readonly EnvelopeView[];
  catalog?: CodeCatalog;
}

/**
 * The concrete findings about one stored document, from what the store holds: its SII codes and
 * failure, its history, the CAF that authorised its folio, the documents it references, its
 * envelopes and, when given, the core's verifier run on its signed XML. Every finding names what it
 * rests on; nothing is inferred beyond the stored facts.
 */
export async function diagnoseRecord(store: Store, record: DocumentRecord, sources: DiagnosisSources = {}): Promise<Diagnosis> {
  const codes = record.siiCodes?.codes.map((code) => code.code) ?? [];
  const history = await store.documents.history(record.companyRut, record.id);
  const caf = record.cafId === null ? undefined : (await store.cafs.list(record.companyRut)).find((summary) => summary.id === record.cafId);
  const { verify, envelopes, catalog } = sources;
  const findings: DiagnosisFinding[] = [
    ...(await referenceFindings(store, record, codes)),
    ...ruleFindings(caf, record, history, codes),
    ...folioFindings(record, codes),
    ...failureFindings(record),
    ...(envelopes === undefined || catalog === undefined ? [] : envelopeFindings(record, history, envelopes, catalog)),
    ...(verify === undefined ? [] : await verifierFindings(store, record, verify)),
  ];
  if (findings.length === 0) findings.push(stateFinding(record));
  const { request } = record;
  return {
    documentId: record.id, type: record.type, folio: record.folio, state: record.state, siiCodes: codes, findings,
    receiver: { rut: request.Encabezado.Receptor.RUTRecep, name: request.Encabezado.Receptor.RznSocRecep ?? '' },
    items: request.Detalle.map((line) => line.NmbItem),
    references: (request.Referencia ?? []).map((reference) => ({
      type: String(reference.TpoDocRef), folio: String(reference.FolioRef),
      ...(reference.FchRef === undefined ? {} : { date: reference.FchRef }),
      ...(reference.CodRef === undefined ? {} : { codRef: reference.CodRef }),
      ...(reference.RazonRef === undefined ? {} : { reason: reference.RazonRef }),
    })),
  };
}

async function referenceFindings(store: Store, record: DocumentRecord, codes: string[]): Promise<DiagnosisFinding[]> {
  const references: Referencia[] = record.request.Referencia ?? [];
  const findings: DiagnosisFinding[] = [];
  const siiCode = codes.includes('REF-3-750') ? { siiCode: 'REF-3-750' } : {};
  for (const reference of references) {
    const type = Number(reference.TpoDocRef);
    const folio = Number(reference.FolioRef);
    if (!Number.isInteger(type) || !Number.isInteger(folio) || reference.TpoDocRef === 'SET') continue;
    const es = documentTypeName(type, 'es');
    const en = documentTypeName(type, 'en');
    const target = await store.documents.findByFolio(record.companyRut, type, folio);
    if (target === undefined) {
      findings.push({
        kind: 'reference-not-received', ...siiCode,
        text: {
          es: `La referencia apunta a la ${es} folio ${folio}, que este servicio nunca emitió ni envió: el SII no la ha recibido de este sistema.`,
          en: `The reference names ${en} folio ${folio}, which this service never issued nor sent: the SII has not received it from this system.`,
        },
      });
    } else if (!isFinal(target.state)) {
      findings.push({
        kind: 'reference-not-received', ...siiCode, relatedDocumentId: target.id,
        text: {
          es: `La referencia apunta a la ${es} folio ${folio}, que está en estado ${target.state}: el SII aún no la tiene como recibida.`,
          en: `The reference names ${en} folio ${folio}, which is ${target.state}: the SII does not hold it as received yet.`,
        },
      });
    }
  }
  return findings;
}

/**
 * The SII's rules of the table (core/sii-rules.ts: the CAF's six months, the folio in its range, an
 * issue date not before the CAF's authorisation, a note's reference) that the stored document
 * breaks, each naming its code and citing its source: the rules validation refuses with before
 * signing, so they find documents signed before a rule was checked or elsewhere. None for a document
 * the SII accepted: its verdict says it kept them.
 */
function ruleFindings(caf: CafSummary | undefined, record: DocumentRecord, history: HistoryEntry[], codes: string[]): DiagnosisFinding[] {
  // A final state is an accepted one: the SII holds the document as received.
  if (isFinal(record.state)) return [];
  const facts: RuleFacts = {
    type: record.type, folio: record.folio, issueDate: record.issueDate, signingDate: siiDate(history[0]?.at ?? record.createdAt),
    ...(caf === undefined ? {} : { caf: { firstFolio: caf.firstFolio, lastFolio: caf.lastFolio, authorisedOn: caf.authorizedOn } }),
    codRefs: (record.request.Referencia ?? []).flatMap((reference) => (reference.CodRef === undefined ? [] : [reference.CodRef])),
  };
  return ruleBreaches(facts).map(({ rule }) => {
    const text = ruleText(rule, facts);
    const cited = rule.code === undefined ? '' : `${rule.code}; `;
    return {
      kind: rule.id, ...(rule.code !== undefined && codes.includes(rule.code) ? { siiCode: rule.code } : {}),
      text: { es: `${text.es} (Regla del SII: ${cited}${rule.source}.)`, en: `${text.en} (SII rule: ${cited}${rule.source}.)` },
    };
  });
}

/** What a breach of a rule means for this document, in the asker's language. */
function ruleText(rule: SiiRule, facts: RuleFacts): BilingualText {
  const caf = facts.caf;
  const range = caf === undefined ? '' : `${caf.firstFolio}–${caf.lastFolio}`;
  switch (rule.id) {
    case 'caf-older-than-six-months':
      return {
        es: `El CAF de los folios ${range} fue autorizado el ${caf?.authorisedOn}, seis meses o más antes de la firma (${facts.signingDate}).`,
        en: `The CAF of folios ${range} was authorised on ${caf?.authorisedOn}, six months or more before signing (${facts.signingDate}).`,
      };
    case 'issue-date-before-caf':
      return {
        es: `La fecha de emisión (FchEmis ${facts.issueDate}) es anterior a la fecha de autorización del CAF de los folios ${range} (FA ${caf?.authorisedOn}): el SII rechaza un documento emitido antes de que se autorizaran sus folios (HED-3-305).`,
        en: `The issue date (FchEmis ${facts.issueDate}) is before the authorisation date of the CAF of folios ${range} (FA ${caf?.authorisedOn}): the SII rejects a document issued before its folios were authorised (HED-3-305).`,
      };
    case 'folio-outside-caf':
      return {
        es: `El folio ${facts.folio} está fuera del rango del CAF (${range}).`,
        en: `Folio ${facts.folio} is outside the CAF's range (${range}).`,
      };
    case 'note-without-reference':
      return {
        es: `La nota no referencia el documento que modifica (una Referencia con CodRef).`,
        en: 'The note references no document it modifies (a Referencia with CodRef).',
      };
  }
}

function folioFindings(record: DocumentRecord, codes: string[]): DiagnosisFinding[] {
  const used = codes.find((code) => code === 'DTE-3-101' || code === 'DTE-3-100');
  if (used === undefined) return [];
  return [{
    kind: 'folio-already-used', siiCode: used,
    text: {
      es: `El SII dice que el folio ${record.folio} de ${documentTypeName(record.type, 'es')} ya fue recibido antes (${used}).`,
      en: `The SII says folio ${record.folio} of ${documentTypeName(record.type, 'en')} was already received before (${used}).`,
    },
  }];
}

function failureFindings(record: DocumentRecord): DiagnosisFinding[] {
  const failure = record.siiCodes?.failure;
  if (record.state !== 'failed' || failure === undefined) return [];
  return [{
    kind: 'submission-failed',
    text: {
      es: `El envío falló (${failure.errorCode}) el ${failure.at}; ${failure.retryable ? 'la cola lo reintentará sola' : 'no se reintentará solo: puede pedir un reintento'}.`,
      en: `The upload failed (${failure.errorCode}) at ${failure.at}; ${failure.retryable ? 'the queue will retry it on its own' : 'it will not be retried on its own: a retry can be requested'}.`,
    },
  }];
}

/** Every check of the core's verifier that failed on the stored XML, as the verifier words it. */
async function verifierFindings(store: Store, record: DocumentRecord, verify: DocumentVerifier): Promise<DiagnosisFinding[]> {
  const xml = await store.documents.getXml(record.companyRut, record.id);
  if (xml === undefined) return [];
  return verify(xml).checks.filter((entry) => !entry.ok).map((entry) => ({
    kind: `verifier-${entry.name}`,
    text: {
      es: `El verificador del núcleo rechaza la comprobación ${entry.name} de ${entry.subject}: ${entry.detail}`,
      en: `The core's verifier fails the ${entry.name} check of ${entry.subject}: ${entry.detail}`,
    },
  }));
}

function stateFinding(record: DocumentRecord): DiagnosisFinding {
  return {
    kind: 'state',
    text: {
      es: `No encontré un problema concreto en lo almacenado: el documento está en estado ${record.state}.`,
      en: `I found no concrete problem in what is stored: the document is ${record.state}.`,
    },
  };
}
