import { z } from 'zod';
import { readFacts } from './document-facts.ts';
import { readEnvelope } from './envelope-reader.ts';
import { HOLD_STATES, normalRut, type CarriedDocument, type HoldState } from './simulator-records.ts';

/**
 * Documents held without verdict (`PUT /admin/holds`, or the `holds` option): the envelope that carries
 * a document a rule names is received as usual (STATUS 0, a track id) but its processing waits. getEstUp
 * answers the rule's intermediate state (PRD, "Envío en Proceso", unless told otherwise) for as long as
 * it waits, getEstDte and the registry do not know its documents yet, and the service's document stays
 * `submitted`. `POST /admin/holds/release` lets it go: it is processed then, and moves on to its verdict.
 * A held envelope stays held across a restart (the hold is written with it); the rules are in memory.
 */

const rut = z.string().regex(/^\d{1,8}-[\dkK]$/, 'a RUT such as 76192083-9');

const ruleSchema = z.object({
  /** The issuer (RUTEmisor) of the document; any when absent. */
  company: rut.optional(),
  /** The document's TipoDTE; any when absent. */
  type: z.number().int().positive().optional(),
  /** The document's folio (with a type). */
  folio: z.number().int().positive().optional(),
  /** Holds this many next envelopes that match (when no folio is given); 1 by default. */
  next: z.number().int().positive().max(10_000).optional(),
  /** Where the envelope waits; PRD by default. */
  state: z.enum(HOLD_STATES).optional(),
}).strict()
  .refine((rule) => rule.folio === undefined || rule.type !== undefined, { message: 'a folio needs its type', path: ['folio'] })
  .refine((rule) => rule.folio === undefined || rule.next === undefined, { message: 'give a folio or a count of next envelopes, not both', path: ['next'] });

export const holdRulesSchema = z.object({ rules: z.array(ruleSchema).max(1_000) }).strict();

export type HoldRule = z.infer<typeof ruleSchema>;

/** The hold rules in force; each is used up as it applies (a folio once, `next` envelopes once each). */
export class HoldRules {
  private rules: Array<HoldRule & { left: number }> = [];

  /** Replaces the rules (`{ rules: [...] }`); throws a ZodError on bad input. */
  set(input: unknown): HoldRule[] {
    const { rules } = holdRulesSchema.parse(input);
    this.rules = rules.map((rule) => ({ ...rule, left: rule.folio === undefined ? (rule.next ?? 1) : 1 }));
    return this.current();
  }

  current(): HoldRule[] {
    return this.rules.map(({ left, ...rule }) => (rule.folio === undefined ? { ...rule, next: left } : rule));
  }

  clear(): void {
    this.rules = [];
  }

  /** The state to hold an envelope carrying `documents` in, when a rule says so; the rule is used up by it. */
  take(documents: readonly CarriedDocument[]): HoldState | undefined {
    const matches = (rule: HoldRule, document: CarriedDocument): boolean =>
      (rule.company === undefined || normalRut(rule.company) === normalRut(document.RUTEmisor))
      && (rule.type === undefined || rule.type === document.TipoDTE)
      && (rule.folio === undefined || rule.folio === document.Folio);
    const index = this.rules.findIndex((rule) => rule.left > 0 && documents.some((document) => matches(rule, document)));
    if (index === -1) return undefined;
    const rule = this.rules[index]!;
    rule.left -= 1;
    if (rule.left <= 0) this.rules.splice(index, 1);
    return rule.state ?? 'PRD';
  }
}

/** The documents an envelope carries (issuer, type, folio); none when it cannot be read. */
export function carriedDocuments(file: Uint8Array): CarriedDocument[] {
  const reading = readEnvelope(file);
  if (!reading.ok) return [];
  try {
    return reading.envelope.documents.map((document) => {
      const facts = readFacts(document);
      return { RUTEmisor: normalRut(facts.RUTEmisor), TipoDTE: facts.TipoDTE, Folio: facts.Folio };
    });
  } finally {
    reading.envelope.dispose();
  }
}
