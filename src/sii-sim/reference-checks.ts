import { revisionError, type RevisionError } from './revision-codes.ts';
import type { DocumentFacts } from './document-facts.ts';
import type { SimulatorState } from './simulator-state.ts';

/**
 * Checks of a nota de débito (56) or crédito (61) against what the SII holds: it must reference a
 * document (formato DTE, Referencia: "en NC y ND es obligatorio"; catalog REF-3-415), the electronic
 * document it corrects must have been received (REF-3-750, "DTE Referenciado no recibido en el SII"),
 * and a note that annuls (CodRef 1) should carry the annulled amount (REF-2-780, a reparo).
 */

/** The notes whose references the SII verifies. */
const NOTE_TYPES: ReadonlySet<number> = new Set([56, 61, 111, 112]);

/** Electronic document types the SII receives, so it can know whether one was received. */
const ELECTRONIC_TYPES: ReadonlySet<number> = new Set([33, 34, 43, 46, 52, 56, 61, 110, 111, 112]);

/** The errors of a note's references; none for other documents. */
export function checkReferences(facts: DocumentFacts, state: SimulatorState): RevisionError[] {
  if (!NOTE_TYPES.has(facts.TipoDTE)) return [];
  if (facts.references.length === 0) {
    return [revisionError('REF-3-415', `A document of type ${facts.TipoDTE} must reference the document it modifies, and this one has no Referencia.`)];
  }
  const errors: RevisionError[] = [];
  for (const reference of facts.references) {
    const type = Number(reference.TpoDocRef);
    const folio = Number(reference.FolioRef);
    if (!ELECTRONIC_TYPES.has(type) || reference.CodRef === undefined || !Number.isInteger(folio)) continue;
    const target = state.document(facts.RUTEmisor, type, folio);
    if (target === undefined) {
      errors.push(revisionError('REF-3-750', `The Referencia names DTE ${type} folio ${folio} of ${facts.RUTEmisor}, which the SII has not received (or rejected).`));
    } else if (reference.CodRef === 1 && target.MntTotal !== facts.MntTotal) {
      errors.push(revisionError('REF-2-780', `The note annuls DTE ${type} folio ${folio}, whose MntTotal is ${target.MntTotal}, with MntTotal ${facts.MntTotal}.`));
    }
  }
  return errors;
}
