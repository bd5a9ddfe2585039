import { REGISTRY_TYPES } from '../src/core/document-kinds/index.ts';
import { z } from 'zod';
import { DteError } from '../src/core/errors.ts';
import { documentCitation, documentTitle } from './document-summary.ts';
import { defineTool } from './tool.ts';
import { scoped } from './tool-errors.ts';

/**
 * What the receiver did with one of our documents (Ley 19.983): its status, the eight days' deadline
 * and the registry's events, as the registry poll stored them.
 */
export const getDocumentEvents = defineTool({
  name: 'get_document_events',
  description: "The receiver's answer to one of the caller's documents under Ley 19.983, from the SII's registry: receiverStatus (pending, accepted, "
    + 'goods_received, claimed, accepted_by_law), the deadline of the eight days, and each event (ACD accepts, ERM goods received, RCD/RFP/RFT claims) '
    + 'with who recorded it and when. Use it for "¿el cliente reclamó la factura N?" or "¿hasta cuándo puede reclamar?". Needs the document id (find_document).',
  input: z.strictObject({ documentId: z.string().min(1).max(100) }),
  async run({ documentId }, context) {
    const registry = context.services.registry;
    if (registry === undefined) throw new DteError('INTERNAL', 'The registry is not available to the agent here.');
    const view = await scoped(context.actor, documentId, () => registry.events(context.actor, documentId));
    const events = view.events.slice(-20).map((event) => ({ code: event.code, description: event.description.slice(0, 120), responsibleRut: event.responsibleRut, at: event.at }));
    return {
      data: {
        document: documentTitle(view.type, view.folio), documentId: view.documentId, receiverStatus: view.receiverStatus,
        receivedAt: view.receivedAt, deadline: view.deadline, lastPolledAt: view.lastPolledAt, events,
        ...(view.receiverStatus === null ? { note: `The registry does not follow this document: it is not accepted by the SII yet, or not of type ${[...REGISTRY_TYPES].join(', ')}.` } : {}),
      },
      citations: [documentCitation({ id: view.documentId, type: view.type, folio: view.folio })],
    };
  },
});
