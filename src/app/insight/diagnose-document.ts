import { cafUsableOn, SIX_MONTH_CAF_TYPES } from '../../core/caf-validity.ts';
import type { Referencia } from '../../core/document-request.ts';
import { siiDate } from '../../core/sii-time.ts';
import type { VerificationReport } from '../../core/verify/index.ts';
import type { CafSummary, CodeCatalog, Diagnosis, DiagnosisFinding, DocumentRecord, EnvelopeView, HistoryEntry, Store } from '../ports/index.ts';
import { documentTypeName } from './document-type-names.ts';
import { envelopeFindings } from './envelope-findings.ts';

/** States in which the SII holds a document as received. */
const RECEIVED_STATES = new Set(['accepted', 'accepted_with_repairs']);

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
    ...cafFindings(caf, record, history),
    ...issueDateFindings(caf, record, codes),
    ...folioFindings(record, codes),
    ...failureFindings(record),
    ...(envelopes === undefined || catalog === undefined ? [] : envelopeFindings(record, history, envelopes, catalog)),
    ...(verify === undefined ? [] : await verifierFindings(store, record, verify)),
  ];
  if (findings.length === 0) findings.push(stateFinding(record));
  const { request } = record;
  return {
    documentId: record.id, type: record.type, folio: record.folio, state: record.state, siiCodes: codes, findings,
    receiver: { rut: request.Encabezado.Receptor.RUTRecep, name: request.Encabezado.Receptor.RznSocRecep },
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
    } else if (!RECEIVED_STATES.has(target.state)) {
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
 * A CAF past its six months when the document was signed, by the core's own rule (the types it
 * applies to, Chilean calendar dates), the one the issuer refuses with and the SII rejects with
 * (CAF-3-517). A signing before the CAF's date is the issue-date finding's, not this one's.
 */
function cafFindings(caf: CafSummary | undefined, record: DocumentRecord, history: HistoryEntry[]): DiagnosisFinding[] {
  if (caf === undefined || !SIX_MONTH_CAF_TYPES.has(record.type)) return [];
  const signed = siiDate(history[0]?.at ?? record.createdAt);
  if (signed < caf.authorizedOn || cafUsableOn(record.type, caf.authorizedOn, signed)) return [];
  return [{
    kind: 'caf-older-than-six-months',
    text: {
      es: `El CAF de los folios ${caf.firstFolio}–${caf.lastFolio} fue autorizado el ${caf.authorizedOn}, seis meses o más antes de la firma (${signed}).`,
      en: `The CAF of folios ${caf.firstFolio}–${caf.lastFolio} was authorised on ${caf.authorizedOn}, six months or more before signing (${signed}).`,
    },
  }];
}

/**
 * An issue date before the CAF's authorisation (FA): the SII rejects it (catalog HED-3-305, "Fecha de
 * emisión del DTE previa a la fecha de autorización"). The catalog and knowledge base state no rule
 * on dates in the future or too far back, so none is checked.
 */
function issueDateFindings(caf: CafSummary | undefined, record: DocumentRecord, codes: string[]): DiagnosisFinding[] {
  const issued = record.request.Encabezado.IdDoc.FchEmis;
  if (caf === undefined || issued >= caf.authorizedOn) return [];
  return [{
    kind: 'issue-date-before-caf', ...(codes.includes('HED-3-305') ? { siiCode: 'HED-3-305' } : {}),
    text: {
      es: `La fecha de emisión (FchEmis ${issued}) es anterior a la fecha de autorización del CAF de los folios ${caf.firstFolio}–${caf.lastFolio} (FA ${caf.authorizedOn}): el SII rechaza un documento emitido antes de que se autorizaran sus folios (HED-3-305).`,
      en: `The issue date (FchEmis ${issued}) is before the authorisation date of the CAF of folios ${caf.firstFolio}–${caf.lastFolio} (FA ${caf.authorizedOn}): the SII rejects a document issued before its folios were authorised (HED-3-305).`,
    },
  }];
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
