/**
 * The body of `POST /v1/documents` as the OpenAPI document shows it, generated from the core's
 * request schema (src/core/request-schema.ts), the one source of the request's shape: its keys, their
 * order, which are required, every leaf's type, enumeration and limits, and the lists' lengths. It
 * documents only: the request is validated by src/core (every problem at once, with JSON pointers),
 * and the HTTP layer validates only the two keys it adds, `callbackUrl` and `odoo`.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, fieldUsage, kindsInSentence } from '../../core/document-kinds/index.ts';
import { LEAF_JSON_SCHEMAS, LIST_LIMITS, requestSchema, type JsonSchema } from '../../core/request-schema.ts';

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
        id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      },
    },
  },
} as const;

/** Notes that only the HTTP contract adds to a field, by JSON pointer. */
const NOTES: Readonly<Record<string, string>> = {
  '/Encabezado/IdDoc/Folio': 'Assigned by the service from the company\'s CAFs: leave it out (422 when given).',
  '/Encabezado/Emisor/RUTEmisor': "Must be one of the token's companies, else 403.",
  '/Encabezado/Totales': 'Computed when absent; must match the computed totals when given.',
  '/Encabezado/IdDoc/IndTraslado': `Required for ${kindsInSentence(DOCUMENT_KINDS.filter((kind) => fieldUsage(kind, 'IndTraslado') === 'required'))}.`,
  '/Referencia': `Required for ${kindsInSentence(DOCUMENT_KINDS.filter((kind) => kind.references === 'required'))}.`,
};

/**
 * The JSON pointer of a part of the request from its place in the generated JSON Schema, with the
 * items of a list as `*`, as LIST_LIMITS and NOTES write them: `properties, Detalle, items` is
 * `/Detalle/*`.
 */
function pointerOf(path: readonly (string | number)[]): string {
  const keys: string[] = [];
  for (let index = 0; index < path.length; index += 1) {
    if (path[index] === 'properties') keys.push(String(path[++index]));
    else if (path[index] === 'items') keys.push('*');
  }
  return keys.map((key) => `/${key}`).join('');
}

/**
 * Generates the request's JSON Schema with zod's own `z.toJSONSchema` (what the request accepts as
 * sent), putting in each leaf what its reader accepts, each list's bounds and the HTTP notes.
 */
function generate(): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(requestSchema, {
    io: 'input',
    override: ({ zodSchema, jsonSchema, path }) => {
      const pointer = pointerOf(path);
      const leaf = LEAF_JSON_SCHEMAS.get(zodSchema);
      if (leaf !== undefined) Object.assign(jsonSchema, leaf);
      const limits = LIST_LIMITS[pointer];
      if (jsonSchema.type === 'array' && limits !== undefined) {
        Object.assign(jsonSchema, limits.minimum ? { minItems: limits.minimum } : {}, { maxItems: limits.maximum });
      }
      const note = NOTES[pointer];
      if (note !== undefined && (leaf !== undefined || jsonSchema.type !== undefined)) jsonSchema.description = note;
    },
  });
  return schema;
}

/** The request's JSON Schema, generated once from the core's schema. */
export const REQUEST_JSON_SCHEMA: JsonSchema = generate();

/**
 * The document request at the top level of the body (SII tag names, as in the XML), plus the
 * camel-case keys `callbackUrl` and `odoo`, which are not SII tags and are taken off before the
 * request is validated. Problems point into the body as sent: `/Detalle/1/QtyItem`.
 */
export const ISSUE_REQUEST_DOCUMENTATION: JsonSchema = {
  ...REQUEST_JSON_SCHEMA,
  description: 'The document request of DESIGN.md at the top level, plus the optional keys callbackUrl and odoo. '
    + 'Folio is assigned by the service; Totales is computed when absent and must match when present.',
  properties: { ...(REQUEST_JSON_SCHEMA.properties as Record<string, JsonSchema>), ...ISSUE_EXTRAS_SCHEMA.properties },
};
