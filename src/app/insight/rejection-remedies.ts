import type { Referencia } from '../../core/document-request.ts';
import { FINAL_STATES, isFinal } from '../../core/document-states.ts';
import type { BilingualText, DocumentRecord, RequestChange, Store } from '../ports/index.ts';
import { documentTypeName } from './document-type-names.ts';


/** What one rejection code asks to change, and whether the draft now changes it. */
export interface Remedy {
  code: string;
  /** True when the draft changes what the code is about (or a new folio does, see `newFolio`). */
  addressed: boolean;
  /**
   * The fix is a new folio from a CAF that may sign today (`any`), or from another CAF than the
   * rejected document's (`other-caf`): holding on there being one.
   */
  newFolio?: 'any' | 'other-caf';
  text: BilingualText;
}

/** What the remedies read and change: the rejected record, the draft to issue and its change list. */
export interface RemedyContext {
  store: Store;
  record: DocumentRecord;
  draft: { Encabezado: { IdDoc: Record<string, unknown> }; Referencia?: Referencia[] } & Record<string, unknown>;
  changes: RequestChange[];
  today: string;
}

/**
 * The remedy of one rejection code. Only what can be derived from the stored facts is changed; a
 * code whose fix needs a person's knowledge says what to change and leaves the draft as it is.
 */
export async function remedyFor(code: string, context: RemedyContext): Promise<Remedy> {
  if (code === 'REF-3-750') return referenceRemedy(context);
  if (code === 'HED-3-305') return issueDateRemedy(context);
  const { record } = context;
  const name = nameOf(record.type);
  if (code.startsWith('CAF-')) {
    return {
      code, addressed: true, newFolio: 'other-caf',
      text: {
        es: `El SII rechazó el CAF del folio ${record.folio} (${code}): se emite el mismo contenido con un folio nuevo de un CAF vigente.`,
        en: `The SII rejected the CAF of folio ${record.folio} (${code}): the same content is issued again with a new folio from a valid CAF.`,
      },
    };
  }
  if (code === 'DTE-3-101') {
    return {
      code, addressed: true, newFolio: 'any',
      text: {
        es: `El SII ya tiene otro documento con el folio ${record.folio} de ${name.es} (DTE-3-101): se emite el mismo contenido con un folio nuevo.`,
        en: `The SII already holds another document with folio ${record.folio} of ${name.en} (DTE-3-101): the same content is issued again with a new folio.`,
      },
    };
  }
  if (code === 'DTE-3-100') {
    return {
      code, addressed: false,
      text: {
        es: 'El SII ya recibió este mismo documento (DTE-3-100, posible doble envío): consulte su estado en el SII antes de emitir otro, que repetiría la venta.',
        en: 'The SII already received this very document (DTE-3-100, a possible double upload): ask the SII for its state before issuing another, which would repeat the sale.',
      },
    };
  }
  return {
    code, addressed: false,
    text: {
      es: `De ${code} no puedo derivar qué dato cambiar: corrija lo que indica el código y emita el documento de nuevo.`,
      en: `I cannot derive from ${code} which field to change: correct what the code says and issue the document again.`,
    },
  };
}

/**
 * REF-3-750: a reference names a document the SII has not received. When the company has exactly one
 * document of that type for the same receiver that the SII accepted, the reference is pointed at it (a
 * proposal the person confirms, said as such); otherwise the person is told which reference to change.
 */
async function referenceRemedy(context: RemedyContext): Promise<Remedy> {
  const { store, record, draft, changes } = context;
  const references = draft.Referencia ?? [];
  const problems: BilingualText[] = [];
  for (const [index, reference] of references.entries()) {
    const type = Number(reference.TpoDocRef);
    const folio = Number(reference.FolioRef);
    if (!Number.isInteger(type) || !Number.isInteger(folio) || reference.TpoDocRef === 'SET') continue;
    const target = await store.documents.findByFolio(record.companyRut, type, folio);
    if (target !== undefined && isFinal(target.state)) continue;
    const name = nameOf(type);
    // "The only one" must be exact: the accepted ones are asked for by state, two of each at most
    // (a page of all states could hide older accepted ones behind newer documents).
    const candidates = [];
    for (const state of FINAL_STATES) {
      candidates.push(...(await store.documents.list(record.companyRut, { type, receiverRut: record.receiverRut, state, limit: 2 })).items);
    }
    const candidate = candidates[0];
    if (candidates.length === 1 && candidate !== undefined) {
      changes.push({ pointer: `/Referencia/${index}/FolioRef`, from: reference.FolioRef, to: String(candidate.folio) });
      changes.push({ pointer: `/Referencia/${index}/FchRef`, from: reference.FchRef ?? null, to: candidate.issueDate });
      reference.FolioRef = String(candidate.folio) as Referencia['FolioRef'];
      reference.FchRef = candidate.issueDate as Referencia['FchRef'];
      return {
        code: 'REF-3-750', addressed: true,
        text: {
          es: `FolioRef ${folio} nombra una ${name.es} que el SII no ha recibido. La única ${name.es} de este receptor aceptada por el SII es el folio ${candidate.folio} (${candidate.issueDate}): si la nota corrige esa, emítala de nuevo con la referencia corregida; si no, corrija la referencia a mano.`,
          en: `FolioRef ${folio} names ${name.en} the SII has not received. The only ${name.en} of this receiver accepted by the SII is folio ${candidate.folio} (${candidate.issueDate}): if the note corrects that one, issue it again with the corrected reference; if not, correct the reference by hand.`,
        },
      };
    }
    problems.push(target === undefined
      ? {
        es: `FolioRef ${folio} nombra una ${name.es} que el SII nunca recibió de este servicio: referencie la ${name.es} que sí se envió, o envíe primero esa ${name.es}.`,
        en: `FolioRef ${folio} names ${name.en} the SII never received from this service: reference the ${name.en} that was actually sent, or send that ${name.en} first.`,
      }
      : {
        es: `FolioRef ${folio} nombra la ${name.es} folio ${folio}, que está en estado ${target.state}: espere a que el SII la acepte, o referencie la ${name.es} que sí aceptó.`,
        en: `FolioRef ${folio} names ${name.en} folio ${folio}, which is ${target.state}: wait until the SII accepts it, or reference the ${name.en} it did accept.`,
      });
  }
  if (problems.length === 0) {
    problems.push({
      es: 'Cada referencia nombra un documento que el SII aceptó: revise tipo (TpoDocRef), folio (FolioRef) y fecha (FchRef) de la referencia contra el documento enviado.',
      en: 'Every reference names a document the SII accepted: check the reference\'s type (TpoDocRef), folio (FolioRef) and date (FchRef) against the document that was sent.',
    });
  }
  problems.push({
    es: 'Cuando el documento referenciado esté aceptado por el SII, emita la nota de nuevo con esa referencia.',
    en: 'Once the referenced document is accepted by the SII, issue the note again with that reference.',
  });
  return { code: 'REF-3-750', addressed: false, text: joined(problems) };
}

/**
 * HED-3-305: the issue date is before the CAF's authorisation. The reissue is dated today, and its
 * folio comes from a CAF that may sign today, so authorised on or before it.
 */
async function issueDateRemedy(context: RemedyContext): Promise<Remedy> {
  const { store, record, today } = context;
  const issued = record.issueDate;
  const caf = (await store.cafs.list(record.companyRut)).find((summary) => summary.id === record.cafId);
  const authorised = caf === undefined ? '' : ` (FA ${caf.authorizedOn})`;
  if (issued === today) {
    return {
      code: 'HED-3-305', addressed: true, newFolio: 'other-caf',
      text: {
        es: `La fecha de emisión ya es la de hoy (${today}); el CAF del folio ${record.folio}${authorised} no servía para esa fecha: se emite con un folio nuevo de un CAF autorizado a más tardar hoy.`,
        en: `The issue date is already today (${today}); the CAF of folio ${record.folio}${authorised} did not serve for that date: the document is issued with a new folio from a CAF authorised no later than today.`,
      },
    };
  }
  return {
    code: 'HED-3-305', addressed: true, newFolio: 'any',
    text: {
      es: `La fecha de emisión (FchEmis ${issued}) es anterior a la autorización del CAF${authorised} (HED-3-305): se emite con fecha de hoy, ${today}, y un folio de un CAF autorizado a más tardar hoy.`,
      en: `The issue date (FchEmis ${issued}) is before the CAF's authorisation${authorised} (HED-3-305): the document is issued dated today, ${today}, with a folio from a CAF authorised no later than today.`,
    },
  };
}

/** Texts one after the other, per language. */
export function joined(texts: readonly BilingualText[]): BilingualText {
  return { es: texts.map((text) => text.es).join(' '), en: texts.map((text) => text.en).join(' ') };
}

function nameOf(type: number): BilingualText {
  return { es: documentTypeName(type, 'es'), en: documentTypeName(type, 'en') };
}
