/**
 * The shape of an eval suite: a subset of promptfoo's `tests:` / `vars:` / `assert:` YAML, so that
 * people who know promptfoo can read it, with a few assertion types of our own (tools, citations,
 * actions). Checked with zod when a suite is loaded: a typo in a suite fails the run, never a case.
 */
import { z } from 'zod';
import { isIssuedType, type IssuedType } from '../../src/core/document-kinds/index.ts';
import { VERDICT_STATES } from '../../src/core/document-states.ts';

/** A document a case needs, made through the real pipeline: issued, sent to the local SII, settled. */
export const fixtureSchema = z.object({
  /** The name the question refers to: `{{factura.folio}}`, `{{factura.id}}`. */
  as: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** A kind this service issues (src/core/document-kinds). */
  type: z.number().int().refine((type): type is IssuedType => isIssuedType(type), 'a document type this service issues'),
  /** For notas: the fixture it references (by `as`), or a folio the SII never received. */
  references: z.union([z.string(), z.object({ type: z.number().int(), folio: z.number().int() })]).optional(),
  codRef: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** Values merged into the request (e.g. a receiver name carrying an injection attempt). */
  overrides: z.record(z.string(), z.unknown()).optional(),
  /** The verdict the local SII is told to give; absent, its own checks decide. */
  verdict: z.object({
    state: z.enum(VERDICT_STATES).exclude(['accepted']),
    codes: z.array(z.object({ code: z.string(), detail: z.string().optional() }).strict()).min(1),
  }).strict().optional(),
  /**
   * What the receiver records in the SII's registry once the document is accepted (Ley 19.983), as on the
   * SII's site (the local SII's `/admin/registry/events`); the service then asks the registry once.
   */
  receiverAction: z.enum(['ACD', 'ERM', 'RCD', 'RFP', 'RFT']).optional(),
}).strict();


/** One assertion on an answer. */
export const assertionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['contains', 'icontains', 'not-contains', 'not-icontains']), value: z.union([z.string(), z.array(z.string())]) }).strict(),
  z.object({ type: z.enum(['regex', 'not-regex']), value: z.string() }).strict(),
  z.object({ type: z.enum(['tool-called', 'not-tool-called']), value: z.string(), args: z.record(z.string(), z.unknown()).optional() }).strict(),
  z.object({ type: z.enum(['citation', 'not-citation']), value: z.object({ kind: z.enum(['sii_code', 'knowledge', 'document']), id: z.string().optional() }).strict() }).strict(),
  z.object({ type: z.enum(['action', 'not-action']), value: z.object({ kind: z.string() }).strict() }).strict(),
  z.object({ type: z.literal('mode'), value: z.string() }).strict(),
  z.object({ type: z.literal('is-json'), value: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.enum(['cost', 'latency', 'tokens']), threshold: z.number().nonnegative() }).strict(),
  z.object({ type: z.literal('llm-rubric'), value: z.string(), provider: z.string().optional() }).strict(),
]);

export type Assertion = z.infer<typeof assertionSchema>;
export type Fixture = z.infer<typeof fixtureSchema>;

export const caseSchema = z.object({
  /** Stable, for baselines: `rej-caf-517`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  description: z.string().optional(),
  vars: z.object({
    /** One question, or the turns of a conversation (the assertions apply to the last answer). */
    question: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(5)]),
    /** The fixture whose id is sent as documentId, when the question is about one document. */
    document: z.string().optional(),
    fixtures: z.array(fixtureSchema).optional(),
    /** Who asks: a company other than the fixtures' one sees nothing of them. */
    asker: z.enum(['issuer', 'viewer', 'other-company']).optional(),
  }).strict(),
  assert: z.array(assertionSchema).min(1),
}).strict();

export type EvalCase = z.infer<typeof caseSchema>;

export const suiteSchema = z.object({
  description: z.string(),
  /** The share of cases that must pass, 0 to 1; below it the run fails. */
  threshold: z.number().min(0).max(1),
  tests: z.array(caseSchema).min(1),
}).strict();

/** `split` is the split a suite was loaded from (`loadSplits`); a suite loaded alone has none. */
export type Suite = z.infer<typeof suiteSchema> & { name: string; split?: string };
