/**
 * JSON schemas of what the API answers, shared by the routes (which serialize answers with them, so
 * no field leaks that is not listed) and the OpenAPI document (as components).
 */

const nullableString = { type: ['string', 'null'] } as const;

const problemSchema = {
  $id: 'Problem',
  description: 'An RFC 9457 problem document (application/problem+json).',
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code', 'instance'],
  properties: {
    type: { type: 'string', description: 'A URN naming the kind of problem, e.g. urn:dte:problem:validation-failed.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, in a sentence a person can act on.' },
    code: { type: 'string', description: 'The stable error code (DteError code, or MALFORMED_REQUEST, BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, AUTH_UNAVAILABLE).' },
    instance: { type: 'string', description: 'The path of the request.' },
    requestId: { type: 'string', description: 'The id of the request in the logs.' },
    problems: {
      type: 'array',
      description: 'Every problem of a validation.',
      items: {
        type: 'object',
        required: ['pointer', 'message'],
        properties: {
          pointer: { type: 'string', description: 'JSON pointer into the body (/Detalle/2/QtyItem), or the name of a query or path parameter.' },
          message: { type: 'string' },
        },
      },
    },
    details: { type: 'object', additionalProperties: true },
  },
  additionalProperties: true,
} as const;

const documentSchema = {
  $id: 'Document',
  description: 'An issued document and where it stands at the SII.',
  type: 'object',
  required: ['id', 'companyRut', 'type', 'folio', 'state', 'links'],
  properties: {
    id: { type: 'string' },
    companyRut: { type: 'string', examples: ['76192083-9'] },
    type: { type: 'integer', enum: [33, 34, 52, 56, 61], description: 'TipoDTE.' },
    folio: { type: 'integer' },
    state: { type: 'string', enum: ['signed', 'queued', 'submitted', 'accepted', 'accepted_with_repairs', 'rejected', 'failed'] },
    trackId: { ...nullableString, description: "The SII's track id of the envelope, once submitted." },
    codes: {
      type: 'array',
      description: "The SII's codes about this document (rejection and repair reasons).",
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, message: { type: 'string' }, detail: { type: 'string', description: 'The offending values, when the SII named them.' } },
      },
    },
    totals: {
      type: 'object',
      properties: { MntNeto: { type: 'integer' }, MntExe: { type: 'integer' }, IVA: { type: 'integer' }, MntTotal: { type: 'integer' } },
    },
    callbackUrl: nullableString,
    odoo: {
      type: ['object', 'null'],
      properties: { model: { type: 'string' }, id: { type: 'integer' } },
    },
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          from: nullableString,
          to: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          detail: { type: 'string' },
        },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    receiverStatus: {
      type: ['string', 'null'], enum: ['pending', 'accepted', 'goods_received', 'claimed', 'accepted_by_law', null],
      description: 'What the receiver did (Ley 19.983), read one document at a time: null when the registry does not follow it (not accepted yet, or not a 33, 34 or 43).',
    },
    deadline: { type: ['string', 'null'], format: 'date-time', description: 'The end of the receiver\'s eight days from the SII\'s reception.' },
    links: {
      type: 'object',
      properties: { self: { type: 'string' }, xml: { type: 'string' } },
    },
  },
} as const;

const documentPageSchema = {
  $id: 'DocumentPage',
  type: 'object',
  required: ['items', 'nextCursor', 'links'],
  properties: {
    items: { type: 'array', items: { $ref: 'Document#' } },
    nextCursor: { ...nullableString, description: 'Pass it as `cursor` for the next page; null on the last page.' },
    links: { type: 'object', properties: { self: { type: 'string' }, next: nullableString } },
  },
} as const;

const envelopeListSchema = {
  $id: 'EnvelopeList',
  description: 'The EnvioDTE envelopes that carried one document, oldest first.',
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'state', 'trackId', 'attempts', 'documentIds', 'createdAt', 'updatedAt'],
        properties: {
          id: { type: 'string' },
          state: {
            type: 'string', enum: ['built', 'uploading', 'unconfirmed', 'uploaded', 'processed', 'failed'],
            description: '`unconfirmed`: sent, but the SII\'s answer was lost; nothing of it is sent again until the SII is asked.',
          },
          trackId: { ...nullableString, description: "The SII's track id, once it gave one." },
          attempts: { type: 'integer', description: 'Upload attempts.' },
          documentIds: { type: 'array', items: { type: 'string' } },
          detail: { type: ['object', 'null'], additionalProperties: true, description: "How it ended: the SII's counts and codes, a failure, or how it was settled." },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

const foliosSchema = {
  $id: 'FoliosLeft',
  type: 'object',
  required: ['companyRut', 'folios'],
  properties: {
    companyRut: { type: 'string' },
    folios: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'integer' },
          left: { type: 'integer', description: 'Folios not yet used in the CAFs of this type.' },
          cafs: { type: 'integer', description: 'How many CAFs still hold folios of this type.' },
        },
      },
    },
  },
} as const;

const cafSchema = {
  $id: 'CafSummary',
  type: 'object',
  properties: {
    type: { type: 'integer' },
    from: { type: 'integer' },
    to: { type: 'integer' },
    authorizedOn: { type: 'string', format: 'date' },
  },
} as const;

const certificateSchema = {
  $id: 'CertificateSummary',
  type: 'object',
  properties: {
    subject: { type: 'string' },
    signerRut: nullableString,
    validFrom: { type: 'string', format: 'date-time' },
    validTo: { type: 'string', format: 'date-time' },
  },
} as const;

const readinessSchema = {
  $id: 'Readiness',
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    checks: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, ok: { type: 'boolean' }, detail: { type: 'string' } } },
    },
  },
} as const;

/** Every shared schema, to be added to the app before the routes. */
export const SHARED_SCHEMAS = [
  problemSchema, documentSchema, documentPageSchema, envelopeListSchema, foliosSchema, cafSchema, certificateSchema, readinessSchema,
];

/** The answers every guarded route may give besides its own. */
export const PROBLEM_RESPONSES = {
  '4xx': { description: 'A problem with the request.', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } },
  '5xx': { description: 'A failure on our side or of the SII.', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } },
} as const;
