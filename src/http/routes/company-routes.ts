/**
 * A company's CAFs and certificate. Uploads are for admins; every role reads the folios left. The
 * certificate's password travels in the body only, and bodies are never logged.
 */
import type { FastifyInstance } from 'fastify';
import type { CompanyService } from '../../app/ports/index.ts';
import { validationError } from '../../core/errors.ts';
import { actorOf } from '../auth/access-guard.ts';
import { companyParameter } from '../auth/company-access.ts';
import { JSON_TYPE, XML_TYPES } from '../content-types.ts';
import { answer, PROBLEM_RESPONSES } from '../openapi/schemas.ts';
import { refuseUnsafeXml } from './unsafe-xml.ts';
import { bindRequestLog } from '../request-log.ts';

const rutParameters = {
  type: 'object',
  required: ['rut'],
  properties: { rut: { type: 'string', maxLength: 20, examples: ['76192083-9'] } },
} as const;

const certificateBody = {
  type: 'object',
  required: ['pkcs12', 'password'],
  additionalProperties: false,
  properties: {
    pkcs12: { type: 'string', minLength: 1, description: 'The PKCS#12 (.p12/.pfx) file in base64.' },
    password: { type: 'string', maxLength: 1000, description: "The PKCS#12's password. Never logged." },
  },
} as const;

/** Adds the company routes. */
export function registerCompanyRoutes(app: FastifyInstance, companies: CompanyService): void {
  app.post('/v1/companies/:rut/cafs', {
    config: { access: { permission: 'manage' }, accepts: XML_TYPES },
    schema: {
      tags: ['companies'],
      summary: 'Load a CAF (the XML the SII gives, bytes as received)',
      description: 'Send the file unchanged with Content-Type application/xml or text/xml; ISO-8859-1 is kept byte for byte. '
        + 'Documents with a DOCTYPE or entity declarations are refused before any parsing.',
      params: rutParameters,
      consumes: [...XML_TYPES],
      response: { 201: answer('CafSummary', 'Loaded.'), ...PROBLEM_RESPONSES },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const companyRut = companyParameter(request, (request.params as { rut: string }).rut, 'rut');
    bindRequestLog(request, { company: companyRut });
    const xml = request.body as Buffer;
    refuseUnsafeXml(xml);
    const summary = await companies.addCaf(actor, companyRut, xml);
    bindRequestLog(request, { type: summary.type });
    return reply.code(201).header('location', `/v1/companies/${companyRut}/folios`).send(summary);
  });

  app.get('/v1/companies/:rut/folios', {
    schema: {
      tags: ['companies'],
      summary: 'What remains of the CAFs, per document type',
      params: rutParameters,
      response: { 200: answer('FoliosLeft'), ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const companyRut = companyParameter(request, (request.params as { rut: string }).rut, 'rut');
    bindRequestLog(request, { company: companyRut });
    return { companyRut, folios: await companies.folios(actor, companyRut) };
  });

  app.post('/v1/companies/:rut/certificate', {
    config: { access: { permission: 'manage' }, accepts: [JSON_TYPE] },
    schema: {
      tags: ['companies'],
      summary: "Set the company's signing certificate (PKCS#12 in base64 and its password)",
      params: rutParameters,
      body: certificateBody,
      response: { 200: answer('CertificateSummary', 'Set; it replaces the previous one.'), ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const companyRut = companyParameter(request, (request.params as { rut: string }).rut, 'rut');
    bindRequestLog(request, { company: companyRut });
    const { pkcs12, password } = request.body as { pkcs12: string; password: string };
    return companies.setCertificate(actor, companyRut, decodeBase64(pkcs12), password);
  });
}

/** Decodes strict base64 (line breaks allowed, as `base64` writes them). */
function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0 ? Buffer.from(compact, 'base64') : undefined;
  if (bytes === undefined || bytes.length === 0) {
    throw validationError([{ pointer: '/pkcs12', message: 'pkcs12 must be the PKCS#12 file in base64' }]);
  }
  return bytes;
}
