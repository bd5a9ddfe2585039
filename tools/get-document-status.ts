import { z } from 'zod';
import { documentCitation, documentSummary } from './document-summary.ts';
import { capText, defineTool } from './tool.ts';
import { ownDocument } from './tool-errors.ts';

/** A document's state as stored, with the SII's codes and the history of its states. */
export const getDocumentStatus = defineTool({
  name: 'get_document_status',
  description: 'The stored state of one of the caller\'s documents (signed, queued, submitted, accepted, accepted_with_repairs, rejected, failed), '
    + 'its SII track id and codes, and the history of its states with their times. With refresh: true, also what the SII says of it now '
    + '(QueryEstDte: DOK, DNK, FAU, …), which changes nothing stored. Use find_document first when you only have a folio.',
  input: z.strictObject({ documentId: z.string().min(1).max(100), refresh: z.boolean().optional() }),
  async run({ documentId, refresh }, context) {
    const document = await ownDocument(context, documentId);
    const history = document.history.map((entry) => ({ from: entry.from, to: entry.to, at: entry.at, ...(entry.detail === undefined ? {} : { detail: capText(entry.detail) }) }));
    const stored = { ...documentSummary(document), history, source: 'stored' };
    if (refresh !== true) return { data: stored, citations: [documentCitation(document)] };
    const sii = await context.services.insight.siiState(context.actor, documentId);
    const answer = { state: sii.state, meaning: capText(sii.meaning), ...(sii.errorCode ? { errorCode: sii.errorCode } : {}), ...(sii.errorMessage ? { errorMessage: capText(sii.errorMessage) } : {}) };
    return { data: { ...stored, sii: answer }, citations: [documentCitation(document)] };
  },
});
