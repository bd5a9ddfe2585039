/**
 * A company's intercambio mail (issue 18): `PUT /v1/companies/:rut/mail` sets the mailbox suppliers write
 * to (IMAP) and the SMTP server our answers leave by; `GET` shows them. Admins only; the passwords travel
 * in the body only, are sealed at rest like the certificate's, and are never answered back. The worker
 * reads the settings when it starts.
 */
import type { FastifyInstance } from 'fastify';
import type { CompanyMailSettings, ReceivedService } from '../../app/ports/index.ts';
import { DteError } from '../../core/errors.ts';
import { actorOf } from '../auth/access-guard.ts';
import { companyParameter } from '../auth/company-access.ts';
import { JSON_TYPE } from '../content-types.ts';
import { PROBLEM_RESPONSES } from '../openapi/schemas.ts';

const rutParameters = { type: 'object', required: ['rut'], properties: { rut: { type: 'string', maxLength: 20 } } } as const;

const connection = {
  host: { type: 'string', minLength: 1, maxLength: 253 },
  port: { type: 'integer', minimum: 1, maximum: 65_535 },
  security: { type: 'string', enum: ['implicit', 'starttls', 'none'], description: "'none' only for a server on loopback." },
  certificateAuthority: { type: 'string', maxLength: 20_000, description: 'A PEM CA to trust besides the system ones.' },
  user: { type: 'string', minLength: 1, maxLength: 320 },
  password: { type: 'string', minLength: 1, maxLength: 1000, description: 'Never logged nor answered back.' },
} as const;

const mailBody = {
  type: 'object',
  additionalProperties: false,
  required: ['address'],
  properties: {
    address: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320, description: 'The exchange address registered at the SII: the From of our answers.' },
    mailbox: {
      type: 'object',
      additionalProperties: false,
      required: ['host', 'port', 'security', 'user', 'password', 'processedFolder'],
      properties: {
        ...connection,
        folder: { type: 'string', minLength: 1, maxLength: 200, default: 'INBOX' },
        processedFolder: { type: 'string', minLength: 1, maxLength: 200 },
        pollSeconds: { type: 'integer', minimum: 5, maximum: 86_400 },
      },
    },
    smtp: { type: 'object', additionalProperties: false, required: ['host', 'port', 'security'], properties: connection },
  },
} as const;

/** Adds the routes of a company's mail settings. */
export function registerCompanyMailRoutes(app: FastifyInstance, received: ReceivedService): void {
  app.put('/v1/companies/:rut/mail', {
    config: { access: { permission: 'manage' }, accepts: [JSON_TYPE] },
    schema: { tags: ['companies'], summary: "Set the company's intercambio mailbox and SMTP server", params: rutParameters, body: mailBody, response: { ...PROBLEM_RESPONSES } },
  }, async (request) => {
    const companyRut = companyParameter(request, (request.params as { rut: string }).rut, 'rut');
    return received.configureMail(actorOf(request), companyRut, request.body as CompanyMailSettings);
  });

  app.get('/v1/companies/:rut/mail', {
    config: { access: { permission: 'manage' } },
    schema: { tags: ['companies'], summary: "The company's intercambio mail settings, without passwords", params: rutParameters, response: { ...PROBLEM_RESPONSES } },
  }, async (request) => {
    const companyRut = companyParameter(request, (request.params as { rut: string }).rut, 'rut');
    const settings = await received.mailSettings(actorOf(request), companyRut);
    if (settings === undefined) throw new DteError('NOT_FOUND', `Company ${companyRut} has no mail settings.`);
    return settings;
  });
}
