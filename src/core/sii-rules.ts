/**
 * Rules the SII enforces that the service can check before it signs, in one table. Validation runs
 * them (the issuer before signing, validateRequest for the request's own references), so a document
 * the SII would reject for one of them is refused with the field to fix instead of being sent; the
 * agent's diagnosis runs the same table over a stored document and cites the rule that it breaks.
 * Each rule names the SII's code (when the catalog knows one) and where the rule comes from.
 */
import { CAF_VALIDITY_MONTHS, SIX_MONTH_CAF_TYPES } from './caf-validity.ts';
import { isNoteType } from './document-kinds/document-kinds.ts';
import { monthsBetween } from './sii-time.ts';

/** Whether a type is a nota (de débito or de crédito), which must reference the document it modifies. */
export function isNote(type: number): boolean {
  return isNoteType(type);
}

/** What the rules look at: a document about to be signed, or one signed already. */
export interface RuleFacts {
  /** TipoDTE. */
  type: number;
  /** The folio, when it has one yet. */
  folio?: number;
  /** FchEmis, YYYY-MM-DD. */
  issueDate: string;
  /** The Chilean calendar date of the signature (TmstFirma), YYYY-MM-DD. */
  signingDate: string;
  /** The CAF of the folio: its range and authorisation date (FA). */
  caf?: { firstFolio: number; lastFolio: number; authorisedOn: string };
  /** The CodRef of each Referencia that carries one. */
  codRefs: readonly number[];
}

/** One rule: its id (the diagnosis's finding kind), the SII's code, the field to fix, its source, and its check. */
export interface SiiRule {
  id: 'caf-older-than-six-months' | 'folio-outside-caf' | 'issue-date-before-caf' | 'note-without-reference';
  /** The SII's rejection code, as the catalog (resources/sii-codes.json) writes it; undefined where it knows none. */
  code: string | undefined;
  /** The JSON pointer of the field a person changes ('' for the document as a whole). */
  pointer: string;
  /** Where the rule comes from. */
  source: string;
  /** Whether the rule can be checked on these facts (the CAF is known, for instance). */
  applies(facts: RuleFacts): boolean;
  /** The breach in one sentence a person can act on, or undefined when the document keeps the rule. */
  check(facts: RuleFacts): string | undefined;
}

/** A rule a document breaks, and how. */
export interface RuleBreach {
  rule: SiiRule;
  message: string;
}

const cafAge: SiiRule = {
  id: 'caf-older-than-six-months',
  code: 'CAF-3-517',
  pointer: '',
  source: 'Res. Ex. SII N° 58 de 2017 (vigencia de seis meses de los folios de facturas); catalog CAF-3-517 "CAF Vencido: (Firma_DTE - CAF) > 6 meses"',
  applies: (facts) => facts.caf !== undefined && SIX_MONTH_CAF_TYPES.has(facts.type),
  check(facts) {
    const { caf } = facts;
    if (caf === undefined || monthsBetween(caf.authorisedOn, facts.signingDate) < CAF_VALIDITY_MONTHS) return undefined;
    return `The CAF dated ${caf.authorisedOn} is more than six months old on ${facts.signingDate}; the SII rejects its folios for type ${facts.type} (CAF-3-517). Request a new CAF.`;
  },
};

const folioInRange: SiiRule = {
  id: 'folio-outside-caf',
  code: undefined,
  pointer: '/Encabezado/IdDoc/Folio',
  source: 'Formato DTE, Folio "autorizado por el SII" and the CAF\'s range RNG/D–H (manual_certificacion, CAF); the catalog names no code',
  applies: (facts) => facts.caf !== undefined && facts.folio !== undefined,
  check(facts) {
    const { caf, folio } = facts;
    if (caf === undefined || folio === undefined || (Number.isInteger(folio) && folio >= caf.firstFolio && folio <= caf.lastFolio)) return undefined;
    return `Folio ${folio} is outside the CAF's range ${caf.firstFolio}-${caf.lastFolio}.`;
  },
};

const issueDateAfterCaf: SiiRule = {
  id: 'issue-date-before-caf',
  code: 'HED-3-305',
  pointer: '/Encabezado/IdDoc/FchEmis',
  source: 'catalog HED-3-305 "Fecha de emisión del DTE previa a la fecha de autorización" (LibreDTE SiiEnvioAyudas.php), nivel 3: a rejection',
  applies: (facts) => facts.caf !== undefined,
  check(facts) {
    const { caf } = facts;
    if (caf === undefined || facts.issueDate >= caf.authorisedOn) return undefined;
    return `FchEmis ${facts.issueDate} is before ${caf.authorisedOn}, the authorisation date (FA) of the CAF of folios ${caf.firstFolio}-${caf.lastFolio}: `
      + `the SII rejects a document dated before its folios were authorised (HED-3-305). Date it ${caf.authorisedOn} or later, or leave FchEmis out to date it today.`;
  },
};

const noteReferences: SiiRule = {
  id: 'note-without-reference',
  code: 'REF-3-415',
  pointer: '/Referencia',
  source: 'Formato DTE §2.2 E, Referencia ("en NC y ND es obligatorio"); catalog REF-3-415 "NC/ND sin referencia válida"',
  applies: (facts) => isNote(facts.type),
  check(facts) {
    if (!isNote(facts.type) || facts.codRefs.length > 0) return undefined;
    return 'needs a Referencia to the document it modifies, with CodRef (1 anula, 2 corrige texto, 3 corrige montos)';
  },
};

/** The table, in the order the breaches are reported. */
export const SII_RULES: readonly SiiRule[] = [folioInRange, cafAge, issueDateAfterCaf, noteReferences];

/** The rule of an id. */
export function siiRule(id: SiiRule['id']): SiiRule {
  const rule = SII_RULES.find((candidate) => candidate.id === id);
  if (rule === undefined) throw new Error(`No SII rule ${id}.`);
  return rule;
}

/** Every rule of the table that the facts break. */
export function ruleBreaches(facts: RuleFacts): RuleBreach[] {
  return SII_RULES.flatMap((rule) => {
    const message = rule.applies(facts) ? rule.check(facts) : undefined;
    return message === undefined ? [] : [{ rule, message }];
  });
}
