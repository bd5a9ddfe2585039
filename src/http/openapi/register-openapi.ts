/**
 * The OpenAPI document (`GET /openapi.json`, built by @fastify/swagger from the routes' schemas) and
 * its docs page (`/docs`, Swagger UI). Both are public.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ISSUE_REQUEST_DOCUMENTATION } from './issue-request-schema.ts';
import { SHARED_SCHEMAS } from './schemas.ts';

/** Request bodies shown in the OpenAPI document in place of the ones the routes validate. */
const DOCUMENTED_BODIES: Readonly<Record<string, object>> = {
  '/v1/documents': ISSUE_REQUEST_DOCUMENTATION,
  '/v1/companies/:rut/cafs': { type: 'string', description: 'The CAF XML exactly as the SII gave it (ISO-8859-1).' },
  '/v1/received': { type: 'string', description: "The supplier's EnvioDTE exactly as received (application/xml)." },
};

/** Where the docs page is served. */
export const DOCS_PREFIX = '/docs';

/**
 * Adds the shared schemas, the OpenAPI generator and the docs page. It must run before the routes
 * are added, so that the generator sees them and the docs routes are marked public.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(DOCS_PREFIX)) route.config = { ...route.config, access: 'public' };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'DTE service',
        version: '1',
        description: 'Issues Chilean electronic tax documents (DTE), submits them to the SII and follows them to a verdict. '
          + 'Every /v1 route takes a bearer JWT with the claims sub, role (admin, issuer, receiver, viewer, agent), companies (RUTs) and exp. '
          + 'Errors are RFC 9457 problem documents carrying the stable error code.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'documents', description: 'Issue documents and follow them.' },
        { name: 'companies', description: "A company's CAFs and certificate." },
        { name: 'operations', description: 'Health, readiness and metrics.' },
        { name: 'agent', description: 'Questions about documents, SII codes and invoicing rules.' },
        { name: 'slack', description: 'Slack users mapped to roles and companies (the Slack bot acts as them).' },
        { name: 'received', description: 'Documents suppliers send us: intake, checks, answers and decisions.' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json['$id'] ?? `schema${index}`) },
    // Bodies documented but not validated by schema: the issue route validates only callbackUrl and
    // odoo (src/core validates the document), and a CAF is raw bytes checked by the service.
    transform: ({ schema, url, route }) => {
      const body = route.method === 'POST' ? DOCUMENTED_BODIES[url] : undefined;
      return { schema: body === undefined ? schema : { ...schema, body }, url };
    },
  });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { deepLinking: true } });
}
