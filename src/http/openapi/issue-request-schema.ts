/**
 * The body of `POST /v1/documents` as the OpenAPI document shows it. It documents only: the request
 * is validated by src/core (every problem at once, with JSON pointers), and the HTTP layer validates
 * only the two keys it adds, `callbackUrl` and `odoo`.
 */

const integer = { type: 'integer' } as const;
const text = { type: 'string' } as const;
/** Amounts and quantities may be JSON numbers or decimal strings (exact decimals, up to 6 places). */
const decimal = { oneOf: [{ type: 'number' }, { type: 'string', pattern: '^-?\\d+(\\.\\d{1,6})?$' }] } as const;

/** The extra keys of an issue request; everything else is the document request of DESIGN.md. */
export const ISSUE_EXTRAS_SCHEMA = {
  type: 'object',
  properties: {
    callbackUrl: {
      type: 'string',
      maxLength: 2000,
      description: 'Where to POST the final state (signed with HMAC-SHA256 over timestamp and body). http or https.',
    },
    odoo: {
      type: 'object',
      description: 'The Odoo record to write the final state on.',
      required: ['model', 'id'],
      additionalProperties: false,
      properties: {
        model: { type: 'string', minLength: 1, maxLength: 100, examples: ['account.move'] },
        id: { type: 'integer', minimum: 1 },
      },
    },
  },
} as const;

/**
 * The document request at the top level of the body (SII tag names, as in the XML), plus the
 * camel-case keys `callbackUrl` and `odoo`, which are not SII tags and are taken off before the
 * request is validated. Problems point into the body as sent: `/Detalle/1/QtyItem`.
 */
export const ISSUE_REQUEST_DOCUMENTATION = {
  type: 'object',
  description: 'The document request of DESIGN.md at the top level, plus the optional keys callbackUrl and odoo. '
    + 'Folio is assigned by the service; Totales is computed when absent and must match when present.',
  required: ['Encabezado', 'Detalle'],
  properties: {
    Encabezado: {
      type: 'object',
      required: ['IdDoc', 'Emisor', 'Receptor'],
      properties: {
        IdDoc: {
          type: 'object',
          required: ['TipoDTE', 'FchEmis'],
          properties: {
            TipoDTE: { type: 'integer', enum: [33, 34, 52, 56, 61] },
            FchEmis: { type: 'string', format: 'date' },
            FmaPago: integer,
            IndTraslado: { ...integer, description: 'Required for guías (52).' },
          },
        },
        Emisor: {
          type: 'object',
          required: ['RUTEmisor'],
          properties: {
            RUTEmisor: { type: 'string', description: "Must be one of the token's companies, else 403.", examples: ['76192083-9'] },
            RznSoc: text,
            GiroEmis: text,
            Acteco: { type: 'array', items: integer },
            DirOrigen: text,
            CmnaOrigen: text,
          },
        },
        Receptor: {
          type: 'object',
          properties: { RUTRecep: text, RznSocRecep: text, GiroRecep: text, DirRecep: text, CmnaRecep: text },
        },
        Totales: {
          type: 'object',
          properties: { MntNeto: integer, MntExe: integer, IVA: integer, MntTotal: integer },
        },
      },
    },
    Detalle: {
      type: 'array',
      maxItems: 60,
      items: {
        type: 'object',
        properties: {
          NmbItem: text,
          QtyItem: decimal,
          PrcItem: decimal,
          DescuentoPct: decimal,
          IndExe: { type: 'integer', enum: [1] },
        },
      },
    },
    DscRcgGlobal: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        properties: { TpoMov: { type: 'string', enum: ['D', 'R'] }, TpoValor: { type: 'string', enum: ['%', '$'] }, ValorDR: decimal },
      },
    },
    Referencia: {
      type: 'array',
      maxItems: 40,
      description: 'Required for notas de débito (56) and crédito (61).',
      items: {
        type: 'object',
        properties: { TpoDocRef: { type: ['integer', 'string'] }, FolioRef: integer, FchRef: { type: 'string', format: 'date' }, CodRef: integer, RazonRef: text },
      },
    },
    ...ISSUE_EXTRAS_SCHEMA.properties,
  },
} as const;
