import { z } from 'zod';
import { normalRut } from './simulator-records.ts';

/**
 * Upload outcomes on demand (`PUT /admin/uploads`, or the `uploads` option), so a test, an eval or a
 * demo shows a document whose upload failed or whose outcome is unknown:
 * - `status` refuses the next uploads with that RECEPCIONDTE STATUS (1 to 9, envio.pdf §2.1; 4 is not
 *   in the manual's list and answers as its "Otro", Error Interno), with `detail` as its DETAIL/ERROR
 *   line when given. It strikes once the token has been accepted, so a forced 5 is one refusal of a
 *   token the client then renews (give `next: 2` to refuse the renewed one too).
 * - `lose` loses the answer to the next uploads the SII accepts: the file is received, gets its track
 *   id and is processed, but the client gets no usable answer: `hang` (never answered), `reset` (the
 *   connection dropped), `truncated` (the XML cut in half), `html` (an error page with status 200) or
 *   `server_error` (HTTP 503).
 * Each rule applies to its `next` uploads (1 by default), of one company when `company` is given, and
 * is used up as it applies. The rules are in memory.
 */

/** How an accepted upload's answer is lost. */
export const ANSWER_LOSSES = ['hang', 'reset', 'truncated', 'html', 'server_error'] as const;
export type AnswerLoss = (typeof ANSWER_LOSSES)[number];

const ruleSchema = z.object({
  /** The company of the upload (rutCompany-dvCompany); any when absent. */
  company: z.string().regex(/^\d{1,8}-[\dkK]$/, 'a RUT such as 76192083-9').optional(),
  /** How many uploads the rule applies to; 1 by default. */
  next: z.number().int().positive().max(10_000).optional(),
  /** Refuse with this STATUS. */
  status: z.number().int().min(1).max(9).optional(),
  /** The DETAIL/ERROR line of the refusal. */
  detail: z.string().min(1).max(500).optional(),
  /** Lose the answer of an accepted upload this way. */
  lose: z.enum(ANSWER_LOSSES).optional(),
}).strict()
  .refine((rule) => (rule.status === undefined) !== (rule.lose === undefined), { message: 'give either status (a refusal, 1 to 9) or lose (a lost answer), one of them' })
  .refine((rule) => rule.detail === undefined || rule.status !== undefined, { message: 'detail goes with a status', path: ['detail'] });

export const uploadRulesSchema = z.object({ rules: z.array(ruleSchema).max(1_000) }).strict();

export type UploadRule = z.infer<typeof ruleSchema>;

/** A forced refusal: the STATUS and the DETAIL lines to answer. */
export interface ForcedRefusal {
  status: number;
  errors: string[];
}

/** The upload rules in force. */
export class UploadRules {
  private rules: Array<UploadRule & { left: number }> = [];

  /** Replaces the rules (`{ rules: [...] }`); throws a ZodError on bad input. */
  set(input: unknown): UploadRule[] {
    const { rules } = uploadRulesSchema.parse(input);
    this.rules = rules.map((rule) => ({ ...rule, left: rule.next ?? 1 }));
    return this.current();
  }

  current(): UploadRule[] {
    return this.rules.map(({ left, ...rule }) => ({ ...rule, next: left }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The refusal the next upload of `companyRut` gets, if a rule says so. */
  takeRefusal(companyRut: string): ForcedRefusal | undefined {
    const rule = this.take(companyRut, (candidate) => candidate.status !== undefined);
    return rule?.status === undefined ? undefined : { status: rule.status, errors: rule.detail === undefined ? [] : [rule.detail] };
  }

  /** How the answer to an accepted upload of `companyRut` is lost, if a rule says so. */
  takeLoss(companyRut: string): AnswerLoss | undefined {
    return this.take(companyRut, (candidate) => candidate.lose !== undefined)?.lose;
  }

  private take(companyRut: string, kind: (rule: UploadRule) => boolean): UploadRule | undefined {
    const company = normalRut(companyRut);
    const index = this.rules.findIndex((rule) => rule.left > 0 && kind(rule) && (rule.company === undefined || normalRut(rule.company) === company));
    if (index === -1) return undefined;
    const rule = this.rules[index]!;
    rule.left -= 1;
    if (rule.left <= 0) this.rules.splice(index, 1);
    return rule;
  }
}
