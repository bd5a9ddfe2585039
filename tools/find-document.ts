import { z } from 'zod';
import type { DocumentView } from '../src/app/ports/index.ts';
import { DOCUMENT_KINDS, FACTURA } from '../src/core/document-kinds/index.ts';
import { parseDocumentReference } from './document-reference.ts';
import { documentCitation, documentSummary } from './document-summary.ts';
import { defineTool } from './tool.ts';
import { ownDocument } from './tool-errors.ts';

const input = z.strictObject({
  documentId: z.string().min(1).max(100).optional().describe('The document id (a UUID) when the question gives it.'),
  reference: z.string().min(1).max(100).optional().describe(`How the person named it, e.g. "factura 1234", "NC 55", "nota de crédito 12", "${FACTURA.code}-1234".`),
  type: z.number().int().min(1).max(999).optional().describe(`SII document type: ${DOCUMENT_KINDS.map((kind) => `${kind.code} ${kind.names.short}`).join(', ')}.`),
  folio: z.number().int().min(1).max(9_999_999_999).optional(),
  trackId: z.string().regex(/^\d{1,20}$/).optional().describe('The SII track id of the upload.'),
  receiverRut: z.string().regex(/^[0-9.]{1,12}-?[0-9kK]$/).optional().describe('The receiver\'s RUT, e.g. 77777777-7.'),
  odooModel: z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/).max(64).optional().describe('The Odoo model of the record it was issued for, e.g. account.move (with odooId).'),
  odooId: z.number().int().min(1).optional().describe('The Odoo record id (with odooModel).'),
});

/** Finds the caller's documents by id, by type and folio, by track id or by receiver. */
export const findDocument = defineTool({
  name: 'find_document',
  description: 'Find documents of the caller\'s companies. Give one of: documentId; reference as the person wrote it ("factura 1234", "NC 55"); '
    + 'type and folio; trackId; receiverRut; odooModel and odooId. Returns the matching documents (id, type, folio, state, SII codes, totals), newest first, at most 10.',
  input,
  async run(query, context) {
    const { actor, services } = context;
    if (query.documentId !== undefined) {
      const document = await ownDocument(context, query.documentId);
      return { data: { documents: [documentSummary(document)] }, citations: [documentCitation(document)] };
    }
    const named = query.reference === undefined ? undefined : parseDocumentReference(query.reference);
    const type = query.type ?? named?.type;
    const folio = query.folio ?? named?.folio;
    const odoo = query.odooModel !== undefined && query.odooId !== undefined ? { model: query.odooModel, id: query.odooId } : undefined;
    if (type === undefined && folio === undefined && query.trackId === undefined && query.receiverRut === undefined && odoo === undefined) {
      return { data: { documents: [], note: 'Give a documentId, a reference such as "factura 1234", a type and folio, a trackId, a receiverRut, or odooModel with odooId.' } };
    }
    const found: DocumentView[] = [];
    for (const companyRut of actor.companies) {
      const page = await services.documents.list(actor, {
        companyRut, limit: 10,
        ...(type === undefined ? {} : { type }),
        ...(folio === undefined ? {} : { folio }),
        ...(query.trackId === undefined ? {} : { trackId: query.trackId }),
        ...(query.receiverRut === undefined ? {} : { receiverRut: query.receiverRut }),
        ...(odoo === undefined ? {} : { odoo }),
      });
      found.push(...page.items);
      if (found.length >= 10) break;
    }
    const documents = found.slice(0, 10);
    return { data: { documents: documents.map(documentSummary) }, citations: documents.map(documentCitation) };
  },
});
