/**
 * Checks real answers against the OpenAPI document the app publishes: the operation of the route,
 * the status (or its `4xx`/`5xx` range), the content type, and the body against the schema listed
 * for it, with Fastify's own Ajv (draft-07 and ajv-formats, through @fastify/ajv-compiler), types
 * taken as given (no coercion), nothing removed, no defaults filled in.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { LightMyRequestResponse } from 'fastify';

/** The parts of Ajv the contract uses. */
interface Ajv {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): Validate;
}
interface Validate {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string }> | null;
}

interface OpenApiResponse {
  content?: Record<string, { schema?: object }>;
}
/** The parts of the OpenAPI document the contract reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
}

const DOCUMENT_ID = 'urn:dte:openapi';

/** A JSON pointer into the document as a URI fragment. */
function fragment(...segments: string[]): string {
  return `${DOCUMENT_ID}#/${segments.map((segment) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;
}

/** The OpenAPI path of a route (`/v1/documents/:id` → `/v1/documents/{id}`). */
export function openApiPath(route: string): string {
  return route.replace(/:(\w+)/g, '{$1}');
}

/** Validates answers against one OpenAPI document, and remembers which operations answered 2xx. */
export class OpenApiContract {
  /** `GET /v1/documents/{id}` of every operation that answered with a success. */
  readonly succeeded = new Set<string>();
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, Validate>();

  constructor(private readonly document: OpenApiDocument) {
    let created: Ajv | undefined;
    const build = AjvCompiler()({}, {
      customOptions: { strict: false, allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false },
      onCreate: (ajv) => {
        created = ajv;
      },
    });
    if (created === undefined || typeof build !== 'function') throw new Error('Ajv was not created');
    this.ajv = created;
    this.ajv.addSchema(document, DOCUMENT_ID);
  }

  /** Every operation of the document: `GET /v1/documents/{id}`. */
  operations(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
  }

  /**
   * The problems of one answer to `method route` (the route as Fastify writes it); none when the
   * answer is what the document says.
   */
  check(method: string, route: string, response: LightMyRequestResponse): string[] {
    const path = openApiPath(route);
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (operation === undefined) return [`${method} ${path} is not in the OpenAPI document`];
    const status = String(response.statusCode);
    const key = [status, `${status[0]}xx`, `${status[0]}XX`, 'default'].find((candidate) => operation.responses?.[candidate] !== undefined);
    if (key === undefined) return [`${method} ${path} answered ${status}, which the document does not list`];
    if (status.startsWith('2')) this.succeeded.add(`${method.toUpperCase()} ${path}`);
    const content = operation.responses?.[key]?.content;
    if (content === undefined) return response.body === '' ? [] : [`${method} ${path} ${status}: a body where the document lists none`];
    const type = String(response.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (content[type] === undefined) return [`${method} ${path} ${status}: content type ${type}, the document lists ${Object.keys(content).join(', ')}`];
    if (content[type].schema === undefined) return [];
    const validate = this.validator(fragment('paths', path, method.toLowerCase(), 'responses', key, 'content', type, 'schema'));
    const body = type.endsWith('json') ? response.json() : response.body;
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${method} ${path} ${status}: ${error.instancePath || '(body)'} ${error.message ?? ''}`);
  }

  private validator(reference: string): Validate {
    let validate = this.validators.get(reference);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: reference });
      this.validators.set(reference, validate);
    }
    return validate;
  }
}
