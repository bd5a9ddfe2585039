import { z } from 'zod';
import { revisionText } from './sii-catalog.ts';
import { revisionError, type RevisionError } from './revision-codes.ts';

/**
 * Verdicts on demand (`PUT /admin/verdicts`): the local SII can be told to reject a document, or
 * accept it with reparos, with given codes, so that a test, an eval fixture or a newcomer's rehearsal
 * reaches that state through the real pipeline (queue, SII client, store) exactly as in production.
 * A rule names a document type and either a folio or a count of the next documents of the type; the
 * codes must be in the catalog, since the SII answers nothing else.
 */
const code = z.string().regex(/^[A-Z]{2,4}-\d-\d+$/, 'a revision code such as CAF-3-517').refine((value) => revisionText(value) !== undefined, {
  message: 'is not in the code catalog (resources/sii-codes.json): the local SII answers only codes the SII uses',
});

const ruleSchema = z.object({
  type: z.number().int().positive(),
  folio: z.number().int().positive().optional(),
  /** Applies to this many next documents of the type (when no folio is given); 1 by default. */
  next: z.number().int().positive().max(10_000).optional(),
  state: z.enum(['rejected', 'accepted_with_repairs']),
  codes: z.array(z.object({ code, detail: z.string().max(500).optional() }).strict()).min(1).max(20),
}).strict().refine((rule) => rule.folio === undefined || rule.next === undefined, { message: 'give a folio or a count of next documents, not both' });

export const verdictRulesSchema = z.object({ rules: z.array(ruleSchema).max(1_000) }).strict();

export type VerdictRule = z.infer<typeof ruleSchema>;

/** The rules in force; each is used up as it applies (a folio once, `next` documents once each). */
export class VerdictRules {
  private rules: Array<VerdictRule & { left: number }> = [];

  /** Replaces the rules; throws a ZodError on bad input. */
  set(input: unknown): VerdictRule[] {
    const { rules } = verdictRulesSchema.parse(input);
    this.rules = rules.map((rule) => ({ ...rule, left: rule.folio === undefined ? (rule.next ?? 1) : 1 }));
    return this.current();
  }

  current(): VerdictRule[] {
    return this.rules.map(({ left, ...rule }) => (rule.folio === undefined ? { ...rule, next: left } : rule));
  }

  clear(): void {
    this.rules = [];
  }

  /** The forced outcome of a document, when a rule says so; the rule is used up by it. */
  take(type: number, folio: number): { outcome: 'RCH' | 'RPR'; errors: RevisionError[] } | undefined {
    const index = this.rules.findIndex((rule) => rule.type === type && (rule.folio === undefined ? rule.left > 0 : rule.folio === folio));
    if (index === -1) return undefined;
    const rule = this.rules[index]!;
    rule.left -= 1;
    if (rule.left <= 0) this.rules.splice(index, 1);
    const detail = (text: string | undefined) => text ?? `Verdict set on the local SII for type ${type} folio ${folio}.`;
    return {
      outcome: rule.state === 'rejected' ? 'RCH' : 'RPR',
      errors: rule.codes.map((entry) => revisionError(entry.code, detail(entry.detail))),
    };
  }
}
