import { z } from 'zod';

/**
 * The shapes of the agent's facts: the guidance on SII codes (resources/sii-code-guidance.json) and the
 * knowledge base of invoicing rules (resources/knowledge/*.json). Both are checked when they are read
 * (src/app/knowledge/load-knowledge.ts), so that the agent never states a fact without a source. The
 * files arrive as text (ResourceFiles, read by src/resources), and the search over the entries is the
 * KnowledgeBase port (implemented in src/search).
 */

/**
 * The SII manuals, resolutions and pages that sources may name by file name. They are the files of
 * shared/sii/docs (kept outside this repository); a test checks the list against that folder when it is
 * present, so a source never names a file nobody can open.
 */
export const SII_DOCUMENT_FILES = [
  '2007-01-31-envio-automatico-de-archivos-electronicos-de-cesion-v1.0.pdf',
  '2007-11-18-autenticacion-automatica-v1.9.pdf',
  '2008-02-05-manual-de-desarrollador-externo-v1.2.pdf',
  '2013-02-11-formato-archivo-electronico-cesion.pdf',
  '2013-02-11-instructivo-tecnico.pdf',
  '2017-08-06-web-service-consulta-y-registro-aceptacion-reclamo-dte-v1.2.pdf',
  '2019-11-15-formato-dtes-v2.2.y.pdf',
  '2020-02-07-codigos-de-mensajes-de-error.html',
  'casos_especiales_registro_documentos.pdf',
  'circular_34_2015_notificacion_por_correo.pdf',
  'compra_venta.pdf',
  'envio.pdf',
  'formato_boleta_electronica.pdf',
  'formato_boletas_elec_202412.pdf',
  'formato_dte_201911.pdf',
  'formato_iecv.pdf',
  'formato_lgd.pdf',
  'formato_mensaje_respuesta_dte.pdf',
  'guia_aceptacion_reclamo_dte_2.pdf',
  'inst_set_pruebas.pdf',
  'instructivo_tecnico_boleta_electronica.pdf',
  'manual_certificacion.pdf',
  'manual_upload.pdf',
  'reenvio_dte_al_receptor.pdf',
  'resolucion_exenta_74_2020_boleta_electronica.pdf',
] as const;

export type SiiDocumentFile = (typeof SII_DOCUMENT_FILES)[number];

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

/** One hit: the entry, its score, and whether the match is strong enough to answer from. */
export interface KnowledgeHit {
  readonly entry: Readonly<KnowledgeEntry>;
  /** The search's score, weighed by how much of the question the entry covers: the order of the hits. */
  readonly score: number;
  /** The share of the question's weight this entry covers, 0 to 1. */
  readonly coverage: number;
  /**
   * True when the entry covers enough of the question, its score is high enough, it is not a
   * runner-up far behind the best hit, and the best hits are not tied over a question that neither
   * covers. An answer should rest only on confident hits; the others are "maybe you meant".
   */
  readonly confident: boolean;
}

export interface KnowledgeSearchOptions {
  /** At most this many hits (5 by default). */
  readonly limit?: number;
}

/** The knowledge base of invoicing rules with its search: the agent's tools and its system prompt read it. */
export interface KnowledgeBase {
  search(query: string, options?: KnowledgeSearchOptions): KnowledgeHit[];
  get(id: string): Readonly<KnowledgeEntry> | undefined;
  all(): readonly Readonly<KnowledgeEntry>[];
}

/** A resource file as text, with the name it is reported by. */
export interface ResourceFile {
  name: string;
  text: string;
}

/** The project's resource files (resources/), read by an adapter (src/resources): the application reads no files. */
export interface ResourceFiles {
  /** resources/sii-codes.json: the SII's codes and their meanings. */
  codeCatalog(): ResourceFile;
  /** resources/sii-code-guidance.json: the project's guidance on the codes. */
  codeGuidance(): ResourceFile;
  /** Every topic file of the knowledge directory (resources/knowledge by default), sorted by name. */
  knowledgeTopics(): ResourceFile[];
}
