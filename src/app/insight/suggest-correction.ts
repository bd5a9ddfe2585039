import type { DocumentRequest, Referencia } from '../../core/document-request.ts';
import type {
  Actor, CorrectionSuggestion, DocumentRecord, DocumentService, RequestChange, Store,
} from '../ports/index.ts';
import { documentTypeName } from './document-type-names.ts';

/** States whose document has legal effect: corrected by a note, never reissued. */
const FINAL_ACCEPTED = new Set(['accepted', 'accepted_with_repairs']);

/**
 * A correction of a stored document: for a rejected one, the corrected request to issue again (a
 * rejected DTE has no effect, so the fix is a new document); for an accepted one, a nota de crédito
 * that annuls it (CodRef 1) before a new document. The request is offered only after the core's dry
 * run (DocumentService.check) accepts it; otherwise only the explanation is given.
 */
export async function suggestForRecord(store: Store, documents: DocumentService, actor: Actor, record: DocumentRecord): Promise<CorrectionSuggestion> {
  if (FINAL_ACCEPTED.has(record.state)) return annulWithCreditNote(documents, actor, record);
  if (record.state !== 'rejected') {
    return {
      documentId: record.id, nextStep: 'wait', changes: [],
      text: {
        es: `El documento está en estado ${record.state}: no hay nada que corregir hasta que el SII dé su veredicto.`,
        en: `The document is ${record.state}: there is nothing to correct until the SII gives its verdict.`,
      },
    };
  }
  const draft = draftOf(record.request);
  const changes: RequestChange[] = [];
  const codes = record.siiCodes?.codes.map((code) => code.code) ?? [];
  let because = { es: 'El documento rechazado no tiene efecto: se emite de nuevo con los datos corregidos.', en: 'A rejected document has no effect: it is issued again with corrected data.' };
  if (codes.includes('REF-3-750')) {
    const replaced = await replaceUnreceivedReference(store, record, draft, changes);
    because = replaced ?? {
      es: 'Emita (y espere la aceptación de) el documento referenciado, o corrija tipo, folio y fecha de la referencia; luego emita la nota de nuevo.',
      en: 'Issue (and wait for the acceptance of) the referenced document, or correct the reference\'s type, folio and date; then issue the note again.',
    };
  }
  const checked = await documents.check(actor, draft);
  if (!checked.ok) {
    return { documentId: record.id, nextStep: 'reissue', changes, text: { es: `${because.es} La propuesta no pasó la validación; revísela a mano.`, en: `${because.en} The proposal did not pass validation; review it by hand.` } };
  }
  return { documentId: record.id, nextStep: 'reissue', changes, text: because, request: draft, totals: checked.totals };
}

/** The request to send again: no folio (the service assigns it) and no totals (recomputed). */
function draftOf(request: DocumentRequest): Record<string, unknown> {
  const copy = structuredClone(request) as unknown as { Encabezado: { IdDoc: Record<string, unknown>; Totales?: unknown } } & Record<string, unknown>;
  delete copy.Encabezado.IdDoc.Folio;
  delete copy.Encabezado.Totales;
  return copy;
}

/**
 * When a note references a document this company never had received, and the company has exactly one
 * document of that type for the same receiver that the SII accepted, the reference is pointed at it:
 * a proposal the person confirms, said as such.
 */
async function replaceUnreceivedReference(store: Store, record: DocumentRecord, draft: Record<string, unknown>, changes: RequestChange[]) {
  const references = (draft.Referencia ?? []) as Referencia[];
  for (const [index, reference] of references.entries()) {
    const type = Number(reference.TpoDocRef);
    const folio = Number(reference.FolioRef);
    const target = await store.documents.findByFolio(record.companyRut, type, folio);
    if (target !== undefined && FINAL_ACCEPTED.has(target.state)) continue;
    const candidates = (await store.documents.list(record.companyRut, { type, receiverRut: record.receiverRut, limit: 20 })).items
      .filter((item) => FINAL_ACCEPTED.has(item.state));
    const candidate = candidates[0];
    if (candidates.length !== 1 || candidate === undefined) return undefined;
    changes.push({ pointer: `/Referencia/${index}/FolioRef`, from: reference.FolioRef, to: String(candidate.folio) });
    changes.push({ pointer: `/Referencia/${index}/FchRef`, from: reference.FchRef, to: candidate.issueDate });
    reference.FolioRef = String(candidate.folio) as Referencia['FolioRef'];
    reference.FchRef = candidate.issueDate as Referencia['FchRef'];
    const es = documentTypeName(type, 'es');
    const en = documentTypeName(type, 'en');
    return {
      es: `La única ${es} de este receptor aceptada por el SII es el folio ${candidate.folio} (${candidate.issueDate}). Si la nota corrige esa, emítala de nuevo con la referencia corregida; si no, corrija la referencia a mano.`,
      en: `The only ${en} of this receiver accepted by the SII is folio ${candidate.folio} (${candidate.issueDate}). If the note corrects that one, issue it again with the corrected reference; if not, correct the reference by hand.`,
    };
  }
  return undefined;
}

/** A nota de crédito annulling an accepted document (CodRef 1, same lines and receiver), checked by the core. */
async function annulWithCreditNote(documents: DocumentService, actor: Actor, record: DocumentRecord): Promise<CorrectionSuggestion> {
  const original = draftOf(record.request) as { Encabezado: { IdDoc: Record<string, unknown> } } & Record<string, unknown>;
  const { Referencia: _references, DscRcgGlobal: _discounts, ...rest } = original;
  const note = {
    ...rest,
    Encabezado: { ...original.Encabezado, IdDoc: { TipoDTE: 61, FchEmis: original.Encabezado.IdDoc.FchEmis } },
    ...(original.DscRcgGlobal === undefined ? {} : { DscRcgGlobal: original.DscRcgGlobal }),
    Referencia: [{ TpoDocRef: String(record.type), FolioRef: String(record.folio), FchRef: record.issueDate, CodRef: 1, RazonRef: 'ANULA DOCUMENTO' }],
  };
  const changes: RequestChange[] = [
    { pointer: '/Encabezado/IdDoc/TipoDTE', from: record.type, to: 61 },
    { pointer: '/Referencia', to: note.Referencia },
  ];
  const name = { es: documentTypeName(record.type, 'es'), en: documentTypeName(record.type, 'en') };
  const text = {
    es: `La ${name.es} folio ${record.folio} fue aceptada por el SII y no se puede modificar ni reenviar: se anula con una nota de crédito (CodRef 1) y se emite un documento nuevo con los datos correctos.`,
    en: `The ${name.en} folio ${record.folio} was accepted by the SII and cannot be changed or sent again: annul it with a credit note (CodRef 1) and issue a new document with the right data.`,
  };
  const checked = await documents.check(actor, note);
  if (!checked.ok) return { documentId: record.id, nextStep: 'credit_note_and_new_document', changes, text };
  return { documentId: record.id, nextStep: 'credit_note_and_new_document', changes, text, request: note, totals: checked.totals };
}
