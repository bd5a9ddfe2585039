import { NOTA_CREDITO } from '../../core/document-kinds/index.ts';
import type { DocumentRequest } from '../../core/document-request.ts';
import { isFinal } from '../../core/document-states.ts';
import type {
  Actor, BilingualText, CorrectionSuggestion, DocumentRecord, DocumentService, RequestChange, Store,
} from '../ports/index.ts';
import { documentTypeName } from './document-type-names.ts';
import { nextCaf, type NextCaf } from './next-caf.ts';
import { joined, remedyFor, type Remedy, type RemedyContext } from './rejection-remedies.ts';

/** A reparo (nivel 2): the document was not rejected for it, so it asks for no change. */
const REPARO = /^[A-Z]{3}-2-\d+$/;

/**
 * A correction of a stored document: for a rejected one, the corrected request to issue again (a
 * rejected DTE has no effect, so the fix is a new document); for an accepted one, a nota de crédito
 * that annuls it (CodRef 1) before a new document. Both are dated today (`today`, the Chilean
 * calendar date of the service's clock). A corrected request is offered only when it changes what
 * every rejection code is about and the core's dry run (DocumentService.check) accepts it; otherwise
 * the text says what the person must change, and no request is given.
 */
export async function suggestForRecord(
  store: Store, documents: DocumentService, actor: Actor, record: DocumentRecord, today: string,
): Promise<CorrectionSuggestion> {
  if (isFinal(record.state)) return annulWithCreditNote(documents, actor, record, today);
  if (record.state !== 'rejected') {
    return {
      documentId: record.id, nextStep: 'wait', changes: [],
      text: {
        es: `El documento está en estado ${record.state}: no hay nada que corregir hasta que el SII dé su veredicto.`,
        en: `The document is ${record.state}: there is nothing to correct until the SII gives its verdict.`,
      },
    };
  }
  const context: RemedyContext = { store, record, draft: draftOf(record.request), changes: [], today };
  const codes = (record.siiCodes?.codes.map((code) => code.code) ?? []).filter((code) => !REPARO.test(code));
  if (codes.length === 0) {
    return {
      documentId: record.id, nextStep: 'reissue', changes: [],
      text: {
        es: 'El rechazo no trae un código del SII que diga qué cambiar: no ofrezco una solicitud corregida; consulte el estado en el SII.',
        en: 'The rejection carries no SII code saying what to change: I offer no corrected request; ask the SII for the state.',
      },
    };
  }
  const remedies: Remedy[] = [];
  for (const code of [...new Set(codes)]) remedies.push(await remedyFor(code, context));
  datedToday(context);
  const next = await nextCaf(store, record.companyRut, record.type, today);
  const folio = folioRemedy(record, next, remedies);
  const all = folio === undefined ? remedies : [...remedies, folio];
  const text = joined(all.map((remedy) => remedy.text));
  const base = { documentId: record.id, nextStep: 'reissue' as const, changes: context.changes };
  if (all.some((remedy) => !remedy.addressed)) {
    return { ...base, text: joined([text, { es: 'No ofrezco una solicitud corregida hasta que eso se corrija.', en: 'I offer no corrected request until that is corrected.' }]) };
  }
  const checked = await documents.check(actor, context.draft);
  if (!checked.ok) {
    return { ...base, text: joined([text, { es: 'La propuesta no pasó la validación; revísela a mano.', en: 'The proposal did not pass validation; review it by hand.' }]) };
  }
  return { ...base, text, request: context.draft, totals: checked.totals };
}

/** The request to send again: no folio (the service assigns it) and no totals (recomputed). */
function draftOf(request: DocumentRequest): RemedyContext['draft'] {
  const copy = structuredClone(request);
  const { Folio: _folio, ...IdDoc } = copy.Encabezado.IdDoc;
  const { Totales: _totales, ...Encabezado } = copy.Encabezado;
  return { ...copy, Encabezado: { ...Encabezado, IdDoc } };
}

/** A new document is dated the day it is issued, never the rejected one's date. */
function datedToday(context: RemedyContext): void {
  const { IdDoc } = context.draft.Encabezado;
  if (IdDoc.FchEmis === context.today) return;
  context.changes.push({ pointer: '/Encabezado/IdDoc/FchEmis', from: IdDoc.FchEmis, to: context.today });
  IdDoc.FchEmis = context.today;
}

/**
 * Where the reissue's folio comes from. Every reissue takes a new folio, so a CAF that may sign today
 * must have one left; a remedy that rests on another CAF than the rejected document's needs that too.
 * When a remedy rests on the new folio, it is said which one it will likely be.
 */
function folioRemedy(record: DocumentRecord, next: NextCaf | undefined, remedies: readonly Remedy[]): Remedy | undefined {
  const name = { es: documentTypeName(record.type, 'es'), en: documentTypeName(record.type, 'en') };
  const reload = { es: 'pida al SII un CAF nuevo, cárguelo y emita de nuevo el mismo contenido.', en: 'request a new CAF from the SII, load it and issue the same content again.' };
  if (next === undefined) {
    return { code: 'folio', addressed: false, text: joined([{ es: `No quedan folios de ${name.es} en los CAF cargados:`, en: `No folios of ${name.en} are left in the loaded CAFs:` }, reload]) };
  }
  const caf = `${next.caf.firstFolio}–${next.caf.lastFolio}`;
  if (!next.usable) {
    return {
      code: 'folio', addressed: false,
      text: joined([{
        es: `El próximo folio (${next.folio}) saldría del CAF de folios ${caf}, autorizado el ${next.caf.authorizedOn}, que no puede firmar hoy:`,
        en: `The next folio (${next.folio}) would come from the CAF of folios ${caf}, authorised on ${next.caf.authorizedOn}, which cannot sign today:`,
      }, reload]),
    };
  }
  if (remedies.some((remedy) => remedy.newFolio === 'other-caf') && next.caf.id === record.cafId) {
    return {
      code: 'folio', addressed: false,
      text: joined([{
        es: `El próximo folio (${next.folio}) saldría del mismo CAF (folios ${caf}, autorizado el ${next.caf.authorizedOn}) que el SII rechazó:`,
        en: `The next folio (${next.folio}) would come from the same CAF (folios ${caf}, authorised on ${next.caf.authorizedOn}) that the SII rejected:`,
      }, reload]),
    };
  }
  if (!remedies.some((remedy) => remedy.newFolio !== undefined)) return undefined;
  const until = next.lastUsableDate === undefined ? { es: '', en: '' } : { es: `, vigente hasta el ${next.lastUsableDate}`, en: `, valid until ${next.lastUsableDate}` };
  const text: BilingualText = {
    es: `El documento nuevo lleva otro folio: el próximo disponible es el ${next.folio} (si nadie emite antes), del CAF de folios ${caf}, autorizado el ${next.caf.authorizedOn}${until.es}; el folio ${record.folio} rechazado no se reutiliza.`,
    en: `The new document takes another folio: the next one free is ${next.folio} (unless someone issues first), from the CAF of folios ${caf}, authorised on ${next.caf.authorizedOn}${until.en}; the rejected folio ${record.folio} is not reused.`,
  };
  return { code: 'folio', addressed: true, text };
}

/** A nota de crédito annulling an accepted document (CodRef 1, same lines and receiver, dated today), checked by the core. */
async function annulWithCreditNote(documents: DocumentService, actor: Actor, record: DocumentRecord, today: string): Promise<CorrectionSuggestion> {
  const original = draftOf(record.request);
  const { Referencia: _references, DscRcgGlobal: _discounts, ...rest } = original;
  const note = {
    ...rest,
    Encabezado: { ...original.Encabezado, IdDoc: { TipoDTE: NOTA_CREDITO.code, FchEmis: today } },
    ...(original.DscRcgGlobal === undefined ? {} : { DscRcgGlobal: original.DscRcgGlobal }),
    Referencia: [{ TpoDocRef: String(record.type), FolioRef: String(record.folio), FchRef: record.issueDate, CodRef: 1, RazonRef: 'ANULA DOCUMENTO' }],
  };
  const changes: RequestChange[] = [
    { pointer: '/Encabezado/IdDoc/TipoDTE', from: record.type, to: NOTA_CREDITO.code },
    ...(original.Encabezado.IdDoc.FchEmis === today ? [] : [{ pointer: '/Encabezado/IdDoc/FchEmis', from: original.Encabezado.IdDoc.FchEmis, to: today }]),
    // The document's own references (none, usually) give way to the one naming it.
    { pointer: '/Referencia', from: original.Referencia ?? [], to: note.Referencia },
  ];
  const name = { es: documentTypeName(record.type, 'es'), en: documentTypeName(record.type, 'en') };
  const text = {
    es: `La ${name.es} folio ${record.folio} fue aceptada por el SII y no se puede modificar ni reenviar: se anula con una nota de crédito (CodRef 1) con fecha de hoy (${today}), y se emite un documento nuevo con los datos correctos.`,
    en: `The ${name.en} folio ${record.folio} was accepted by the SII and cannot be changed or sent again: annul it with a credit note (CodRef 1) dated today (${today}), and issue a new document with the right data.`,
  };
  const checked = await documents.check(actor, note);
  if (!checked.ok) return { documentId: record.id, nextStep: 'credit_note_and_new_document', changes, text };
  return { documentId: record.id, nextStep: 'credit_note_and_new_document', changes, text, request: note, totals: checked.totals };
}
