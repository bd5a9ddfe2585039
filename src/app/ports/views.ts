/**
 * What the services answer, as zod schemas: the one source of each answer's shape. The TypeScript
 * types are inferred from them; the HTTP layer serializes answers with the JSON Schema generated from
 * them (so no field leaks that is not listed) and publishes the same JSON Schema in the OpenAPI
 * document; webhooks, Slack, the agent's tools and the evals take their document from here too.
 */
import { z } from 'zod';
import { SUPPORTED_DOCUMENT_TYPES } from '../../core/request-schema.ts';
import { DOCUMENT_STATES } from '../../core/document-states.ts';
import { RECEIVER_STATUSES } from './registry-records.ts';

const timestamp = z.iso.datetime();

/** One of the SII's codes for a document, with its meaning and, when the SII gave one, the offending values. */
export const siiCodeSchema = z.object({
  code: z.string(),
  message: z.string(),
  detail: z.string().optional().describe('The offending values, when the SII named them.'),
});
export type SiiCode = z.infer<typeof siiCodeSchema>;

/** Which Odoo record a document belongs to, so its state can be written back. */
export const odooReferenceSchema = z.object({ model: z.string(), id: z.number().int() });
export type OdooReference = z.infer<typeof odooReferenceSchema>;

/** One change of a document's state. */
export const stateChangeSchema = z.object({
  from: z.enum(DOCUMENT_STATES).nullable(),
  to: z.enum(DOCUMENT_STATES),
  at: timestamp,
  detail: z.string().optional(),
});
export type StateChange = z.infer<typeof stateChangeSchema>;

/** A document's totals as issued (MntTotal always; the others when the document has them). */
export const documentTotalsSchema = z.object({
  MntNeto: z.number().int().optional(),
  MntExe: z.number().int().optional(),
  IVA: z.number().int().optional(),
  MntTotal: z.number().int(),
});

/** A document as the services show it: the API (with links), webhooks, Slack and the agent's tools read this. */
export const documentViewSchema = z.object({
  id: z.string(),
  companyRut: z.string().meta({ examples: ['76192083-9'] }),
  // A number to TypeScript (the store keeps any TipoDTE), the supported kinds to the published schema.
  type: z.number().int().meta({ description: 'TipoDTE.', enum: [...SUPPORTED_DOCUMENT_TYPES] }),
  folio: z.number().int(),
  state: z.enum(DOCUMENT_STATES),
  trackId: z.string().nullable().describe("The SII's track id of the envelope, once submitted."),
  codes: z.array(siiCodeSchema).describe("The SII's codes about this document (rejection and repair reasons)."),
  totals: documentTotalsSchema,
  callbackUrl: z.string().nullable(),
  odoo: odooReferenceSchema.nullable(),
  history: z.array(stateChangeSchema),
  createdAt: timestamp,
  updatedAt: timestamp,
  receiverStatus: z.enum(RECEIVER_STATUSES).nullable().optional()
    .describe('What the receiver did (Ley 19.983), read one document at a time: null when the registry does not follow it (not accepted yet, or a kind without the eight days).'),
  deadline: timestamp.nullable().optional().describe("The end of the receiver's eight days from the SII's reception."),
}).describe('An issued document and where it stands at the SII.');
export type DocumentView = z.infer<typeof documentViewSchema>;

/** The part of a document that others are told about (a webhook, an Odoo message): who, which, where it stands. */
export const documentIdentitySchema = documentViewSchema.pick({ id: true, companyRut: true, type: true, folio: true, state: true, trackId: true, codes: true });
export type DocumentIdentity = z.infer<typeof documentIdentitySchema>;

/** The states of an EnvioDTE envelope. */
export const ENVELOPE_STATES = ['built', 'uploading', 'unconfirmed', 'uploaded', 'processed', 'failed'] as const;
export type EnvelopeState = (typeof ENVELOPE_STATES)[number];

/** An envelope as the API shows it (never its XML: that is the company's signed documents). */
export const envelopeViewSchema = z.object({
  id: z.string(),
  state: z.enum(ENVELOPE_STATES).describe("`unconfirmed`: sent, but the SII's answer was lost; nothing of it is sent again until the SII is asked."),
  trackId: z.string().nullable().describe("The SII's track id, once it gave one."),
  attempts: z.number().int().describe('Upload attempts.'),
  documentIds: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()).nullable().describe("How it ended: the SII's counts and codes, a failure, or how it was settled."),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type EnvelopeView = z.infer<typeof envelopeViewSchema>;

/** What remains to issue of one document type: a metric and `GET /v1/companies/:rut/folios`. */
export const foliosLeftSchema = z.object({
  type: z.number().int(),
  left: z.number().int().describe('Folios not yet used in the CAFs of this type.'),
  cafs: z.number().int().describe('How many CAFs still hold folios of this type.'),
});
export type FoliosLeft = z.infer<typeof foliosLeftSchema>;

/** A CAF as the API shows it. */
export const cafViewSchema = z.object({ type: z.number().int(), from: z.number().int(), to: z.number().int(), authorizedOn: z.iso.date() });
export type CafView = z.infer<typeof cafViewSchema>;

/** A signing certificate as the API shows it (never its secrets). */
export const certificateViewSchema = z.object({ subject: z.string(), signerRut: z.string().nullable(), validFrom: timestamp, validTo: timestamp });
export type CertificateView = z.infer<typeof certificateViewSchema>;

/** A company's Slack alert channel as the API shows it; `channel` is null when its alerts go to the default channel. */
export const alertChannelViewSchema = z.object({
  companyRut: z.string(),
  channel: z.string().nullable(),
  setBy: z.string().optional().describe("The admin's subject who set it, when it is set."),
  updatedAt: timestamp.optional(),
});
export type AlertChannelView = z.infer<typeof alertChannelViewSchema>;

/** A rated answer as maintainers read it, to turn it into an eval case. */
export const ratedAnswerSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  rating: z.enum(['up', 'down']),
  promptVersion: z.string().optional(),
  companies: z.array(z.string()).readonly(),
  ratedAt: z.string(),
  toolCalls: z.array(z.unknown()).optional().describe('The tools the agent called for the answer, with their arguments (answers stored before this was kept have none).'),
});
export type RatedAnswer = z.infer<typeof ratedAnswerSchema>;

/** What the agent's tools say of a document: its identity, state, SII codes and totals, and its title ("Factura 12"); never its XML. */
export const documentSummarySchema = documentViewSchema
  .pick({ id: true, companyRut: true, type: true, folio: true, state: true, trackId: true, codes: true, totals: true, createdAt: true })
  .extend({ title: z.string() });
export type DocumentSummary = z.infer<typeof documentSummarySchema>;
