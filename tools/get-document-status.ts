import { z } from 'zod';
import { documentCitation, documentSummary } from './document-summary.ts';
import { capText, defineTool } from './tool.ts';
import { ownDocument } from './tool-errors.ts';

/** A document's state as stored, with the SII's codes and the history of its states. */
export const getDocumentStatus = defineTool({
  name: 'get_document_status',
  description: 'The stored state of one of the caller\'s documents (signed, queued, submitted, accepted, accepted_with_repairs, rejected, failed), '
    + 'its SII track id and codes, and the history of its states with their times. Use find_document first when you only have a folio.',
  input: z.strictObject({ documentId: z.string().min(1).max(100) }),
  async run({ documentId }, context) {
    const document = await ownDocument(context, documentId);
    const history = document.history.map((entry) => ({ from: entry.from, to: entry.to, at: entry.at, ...(entry.detail === undefined ? {} : { detail: capText(entry.detail) }) }));
    return { data: { ...documentSummary(document), history, source: 'stored' }, citations: [documentCitation(document)] };
  },
});
