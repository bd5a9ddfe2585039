/**
 * What the API answers, as zod schemas (the services' views of src/app/ports/views.ts, and what only
 * HTTP adds: links, pages, lists). Each is registered under the name the routes refer to
 * (`{ $ref: 'Document#' }`); their JSON Schemas are generated with zod's own `z.toJSONSchema` and serve
 * twice: the routes serialize answers with them (so no field leaks that is not listed), and the
 * OpenAPI document shows them as components.
 */
import { z } from 'zod';
import {
  agentAnswerSchema, alertChannelViewSchema, cafViewSchema, certificateViewSchema, documentViewSchema, envelopeViewSchema,
  foliosLeftSchema, ratedAnswerSchema, ROLES, type DocumentView,
} from '../../app/ports/index.ts';
import { problemDocumentSchema } from '../problem.ts';

/** The path of a document. */
export function documentPath(id: string): string {
  return `/v1/documents/${encodeURIComponent(id)}`;
}

/** A document as the API answers it: the service's view and links to itself, its XML and its PDF. */
export const documentResourceSchema = documentViewSchema.extend({
  links: z.object({
    self: z.string(),
    xml: z.string().describe('GET: the signed XML, byte for byte.'),
    pdf: z.string().describe('GET: the printed document (PDF, with the timbre).'),
  }),
});
export type DocumentResource = z.infer<typeof documentResourceSchema>;

/** The resource of a document view. */
export function documentResource(document: DocumentView): DocumentResource {
  const self = documentPath(document.id);
  return { ...document, links: { self, xml: `${self}/xml`, pdf: `${self}/pdf` } };
}

const documentPageSchema = z.object({
  items: z.array(documentResourceSchema),
  nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page; null on the last page.'),
  links: z.object({ self: z.string(), next: z.string().nullable() }),
});

const envelopeListSchema = z.object({ items: z.array(envelopeViewSchema) })
  .describe('The EnvioDTE envelopes that carried one document, oldest first.');

const foliosSchema = z.object({ companyRut: z.string(), folios: z.array(foliosLeftSchema) });

const checkSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });
const readinessSchema = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.array(checkSchema) });
const healthSchema = z.object({ status: z.literal('ok') });

const slackUserSchema = z.object({
  workspace: z.string(),
  userId: z.string(),
  role: z.enum(ROLES),
  companies: z.array(z.string()).readonly(),
  createdBy: z.string().describe("The admin's subject who mapped the user."),
});
const slackUserListSchema = z.object({ items: z.array(slackUserSchema.extend({ updatedAt: z.iso.datetime() })) });
const ratedAnswerListSchema = z.object({ items: z.array(ratedAnswerSchema) });

/** Every answer's schema, by the name the routes refer to. */
export const RESPONSE_SCHEMAS = {
  Problem: problemDocumentSchema,
  Document: documentResourceSchema,
  DocumentPage: documentPageSchema,
  EnvelopeList: envelopeListSchema,
  FoliosLeft: foliosSchema,
  CafSummary: cafViewSchema,
  CertificateSummary: certificateViewSchema,
  Health: healthSchema,
  Readiness: readinessSchema,
  AgentAnswer: agentAnswerSchema,
  SlackUser: slackUserSchema,
  SlackUserList: slackUserListSchema,
  AlertChannel: alertChannelViewSchema,
  RatedAnswerList: ratedAnswerListSchema,
} as const;

/** The name of a registered answer. */
export type ResponseName = keyof typeof RESPONSE_SCHEMAS;

/** A JSON Schema as Fastify takes it. */
type JsonSchemaObject = Record<string, unknown> & { $id: string };

/**
 * The JSON Schemas of every answer, generated once with `z.toJSONSchema` (draft-07, the dialect of
 * Fastify's Ajv), each with the `$id` the routes refer to and references between them by that id.
 */
function generate(): JsonSchemaObject[] {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSE_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-07', io: 'output', uri: (id) => `${id}#` });
  return Object.entries(schemas).map(([id, schema]) => {
    const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
    return { ...rest, $id: id };
  });
}

/** Every shared schema, to be added to the app before the routes. */
export const SHARED_SCHEMAS: readonly JsonSchemaObject[] = generate();

/** A route's answer: the registered schema of `name`. */
export function answer(name: ResponseName, description?: string): { $ref: string; description?: string } {
  return { ...(description === undefined ? {} : { description }), $ref: `${name}#` };
}

/** The answers every guarded route may give besides its own. */
export const PROBLEM_RESPONSES = {
  '4xx': { description: 'A problem with the request.', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } },
  '5xx': { description: 'A failure on our side or of the SII.', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } },
} as const;
