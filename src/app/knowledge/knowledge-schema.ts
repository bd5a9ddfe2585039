import { z } from 'zod';
import { SII_DOCUMENT_FILES } from './source-documents.ts';

/**
 * The shapes of the agent's facts: the guidance on SII codes (resources/sii-code-guidance.json) and the
 * knowledge base of invoicing rules (resources/knowledge/*.json). Both are checked at load time so that
 * the agent never states a fact without a source.
 */

const text = z.string().trim().min(1);

/**
 * Where a fact comes from. `file` names a manual under shared/sii/docs by its file name only (checked
 * against SII_DOCUMENT_FILES); `url` is an official page or the page the text was read from.
 */
export const sourceSchema = z
  .object({
    /** The document, law or resolution, e.g. "Formato Documentos Tributarios Electrónicos v2.4.2". */
    title: text,
    /** Article, section or page, e.g. "§2.2 E, CodRef, p. 43" or "art. 3". */
    section: text.optional(),
    file: z.enum(SII_DOCUMENT_FILES).optional(),
    url: z.url().optional(),
  })
  .strict();

export type Source = z.infer<typeof sourceSchema>;

/**
 * The catalog tables of resources/sii-codes.json that guidance may be written for: every table of
 * codes. `respuesta_dte_intercambio` has three sub-tables, so its codes are written `<sub-table>/<code>`
 * (e.g. `EstadoRecepEnv/2`, `EstadoDTE(ResultadoDTE)/1`), the sub-table named as the catalog names it.
 */
export const GUIDANCE_FAMILIES = [
  'upload_status',
  'crseed_estado',
  'gettoken_estado',
  'queryestup_estado',
  'queryestdte_estado',
  'queryestdteav_err_code',
  'wsdtecorreo_estado',
  'revision_detail_codes',
  'registroreclamo_codResp',
  'respuesta_dte_intercambio',
  'boleta_rest_envio_estado',
] as const;

export type GuidanceFamily = (typeof GUIDANCE_FAMILIES)[number];

/** What to tell someone who meets one SII code: its likely cause, the usual fix, and where that is said. */
export const codeGuidanceSchema = z
  .object({
    family: z.enum(GUIDANCE_FAMILIES),
    /** Exactly as the catalog writes it (a key of the family's `codes`, or a revision entry's `code`). */
    code: text,
    cause: text,
    fix: text,
    causeEn: text.optional(),
    fixEn: text.optional(),
    sources: z.array(sourceSchema).min(1),
    /** Where sources disagree or a fact is uncertain, in Spanish. */
    note: text.optional(),
  })
  .strict();

export type CodeGuidance = z.infer<typeof codeGuidanceSchema>;

export const codeGuidanceFileSchema = z
  .object({
    about: text,
    guidance: z.array(codeGuidanceSchema).min(1),
  })
  .strict();

/** Stable kebab-case identifiers, e.g. `nota-credito-corrige-texto`. */
export const entryIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are kebab-case');

/** One invoicing rule, in our own words, with what it rests on. */
export const knowledgeEntrySchema = z
  .object({
    id: entryIdSchema,
    title: text,
    /** The rule in Spanish, two to six sentences. */
    rule: text,
    ruleEn: text.optional(),
    /** Words people use for the topic, informal ones included ("anular", "NC", "folios"). */
    tags: z.array(text).min(1),
    sources: z.array(sourceSchema).min(1),
    /** Other entry ids or SII codes (as family:code) that the reader may want next. */
    related: z.array(text).optional(),
    /** Where sources disagree or a fact is uncertain, in Spanish. */
    note: text.optional(),
  })
  .strict();

export type KnowledgeEntry = z.infer<typeof knowledgeEntrySchema>;

/** A topic file: a few entries that belong together. */
export const knowledgeTopicFileSchema = z
  .object({
    topic: text,
    entries: z.array(knowledgeEntrySchema).min(1),
  })
  .strict();
