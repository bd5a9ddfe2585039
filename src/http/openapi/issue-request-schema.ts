/**
 * The body of `POST /v1/documents` as the OpenAPI document shows it, generated from the core's
 * request schema (src/core/request-schema.ts), the one source of the request's shape: its keys, their
 * order, which are required, every leaf's type, enumeration and limits, and the lists' lengths. It
 * documents only: the request is validated by src/core (every problem at once, with JSON pointers),
 * and the HTTP layer validates only the two keys it adds, `callbackUrl` and `odoo`.
 */
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

/** What a walk of the zod schema knows of one of its parts. */
interface Described {
  schema: JsonSchema;
  optional: boolean;
}

/** The parts of a zod 4 schema definition that the walk reads. */
interface ZodDefinition {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDefinition } }>;
  innerType?: { _zod: { def: ZodDefinition } };
  element?: { _zod: { def: ZodDefinition } };
}

/** Notes that only the HTTP contract adds to a field, by JSON pointer. */
const NOTES: Readonly<Record<string, string>> = {
  '/Encabezado/IdDoc/Folio': 'Assigned by the service from the company\'s CAFs: leave it out (422 when given).',
  '/Encabezado/Emisor/RUTEmisor': "Must be one of the token's companies, else 403.",
  '/Encabezado/Totales': 'Computed when absent; must match the computed totals when given.',
  '/Encabezado/IdDoc/IndTraslado': `Required for ${kindsInSentence(DOCUMENT_KINDS.filter((kind) => fieldUsage(kind, 'IndTraslado') === 'required'))}.`,
  '/Referencia': `Required for ${kindsInSentence(DOCUMENT_KINDS.filter((kind) => kind.references === 'required'))}.`,
};

function describe(node: { _zod: { def: ZodDefinition } }, pointer: string): Described {
  const definition = node._zod.def;
  if (definition.type === 'optional') return { ...describe(definition.innerType!, pointer), optional: true };
  const note = NOTES[pointer] === undefined ? {} : { description: NOTES[pointer] };
  if (definition.type === 'object') {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [key, child] of Object.entries(definition.shape ?? {})) {
      const described = describe(child, `${pointer}/${key}`);
      properties[key] = described.schema;
      if (!described.optional) required.push(key);
    }
    return { schema: { type: 'object', ...note, ...(required.length > 0 ? { required } : {}), additionalProperties: false, properties }, optional: false };
  }
  if (definition.type === 'array') {
    const limits = LIST_LIMITS[pointer.replace(/\/\d+\//g, '/*/')];
    const items = describe(definition.element!, `${pointer}/*`).schema;
    const bounds = limits === undefined ? {} : { ...(limits.minimum ? { minItems: limits.minimum } : {}), maxItems: limits.maximum };
    return { schema: { type: 'array', ...note, ...bounds, items }, optional: false };
  }
  const leaf = LEAF_JSON_SCHEMAS.get(node);
  if (leaf === undefined) throw new Error(`The request schema has a part at ${pointer} that the OpenAPI walk does not know (${definition.type}).`);
  return { schema: { ...leaf, ...note }, optional: false };
}

/** The request's JSON Schema, generated once from the core's schema. */
export const REQUEST_JSON_SCHEMA: JsonSchema = describe(requestSchema as unknown as { _zod: { def: ZodDefinition } }, '').schema;

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
