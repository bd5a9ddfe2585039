/**
 * The printed representation of a document: `GET /v1/documents/:id/pdf`, for any role of the
 * document's company. The service renders it; this route checks the query and the company.
 */
import type { FastifyInstance } from 'fastify';
import type { DocumentService, PrintCopy, PrintFormat } from '../../app/ports/index.ts';
import { CEDIBLE_COPY_IN_SENTENCE } from '../../core/document-kinds/index.ts';
import { actorOf } from '../auth/access-guard.ts';
import { requireCompany } from '../auth/company-access.ts';
import { PROBLEM_RESPONSES } from '../openapi/schemas.ts';
import { bindRequestLog } from '../request-log.ts';

/** The media type of the answer. */
export const PDF_CONTENT_TYPE = 'application/pdf';

const parameters = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;

const query = {
  type: 'object',
  additionalProperties: false,
  properties: {
    copy: {
      type: 'string', enum: ['original', 'cedible'], default: 'original',
      description: `cedible: the copy with the acuse de recibo of Ley 19.983 (${CEDIBLE_COPY_IN_SENTENCE}).`,
    },
    format: { type: 'string', enum: ['letter', 'roll'], default: 'letter', description: 'letter paper, or an 80 mm roll.' },
  },
} as const;

/** Adds the PDF route. */
export function registerPdfRoutes(app: FastifyInstance, documents: DocumentService): void {
  app.get('/v1/documents/:id/pdf', {
    schema: {
      tags: ['documents'],
      summary: 'Print the document: a PDF with its timbre as a PDF417',
      description: 'The printed representation the SII\'s Manual de muestras impresas describes: the recuadro with RUT, name and '
        + 'folio, issuer, receiver, references, lines, totals, and the timbre (PDF417 of the TED as signed) with the company\'s '
        + 'resolution. A cedible copy of a type without one is a 422 naming copy.',
      params: parameters,
      querystring: query,
      response: {
        200: { description: 'The PDF.', content: { [PDF_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
        ...PROBLEM_RESPONSES,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = request.params as { id: string };
    const { copy, format } = request.query as { copy: PrintCopy; format: PrintFormat };
    const document = await documents.get(actor, id);
    requireCompany(request, document.companyRut);
    bindRequestLog(request, { company: document.companyRut, type: document.type, folio: document.folio, documentId: id });
    const pdf = await documents.pdf(actor, id, { copy, format });
    const name = `dte-${document.companyRut}-${document.type}-${document.folio}${copy === 'cedible' ? '-cedible' : ''}.pdf`;
    return reply.type(PDF_CONTENT_TYPE).header('content-disposition', `inline; filename="${name}"`).send(pdf);
  });
}
