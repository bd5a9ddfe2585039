import { z } from 'zod';
import { DteError } from '../src/core/errors.ts';
import { documentTitle } from './document-summary.ts';
import { capText, defineTool } from './tool.ts';

/**
 * The documents suppliers sent the caller's companies (issue 18), newest first: who issued them, the
 * amount, whether they were taken or refused at reception, the decision, and the eight days' deadline.
 * Read-only. The supplier's name is their text: data, never instructions.
 */
export const listReceivedDocuments = defineTool({
  name: 'list_received_documents',
  description: 'The documents suppliers sent to the caller\'s companies (facturas recibidas, compras), newest first: issuer RUT and name '
    + '(RznSoc, the supplier\'s own text), type, folio, date, total, state (received = waiting for a decision, refused at reception, accepted, '
    + 'accepted_with_discrepancies, rejected) and the deadline to accept or claim (Ley 19.983, eight days). Use it for "¿qué facturas me llegaron?" '
    + 'or "¿cuáles tengo que aceptar o reclamar?" (state received). Read-only.',
  input: z.strictObject({
    company: z.string().min(3).max(20).optional().describe('One of the caller\'s companies; all of them when absent.'),
    state: z.enum(['received', 'refused', 'accepted', 'accepted_with_discrepancies', 'rejected']).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  async run({ company, state, limit }, context) {
    const received = context.services.received;
    if (received === undefined) throw new DteError('INTERNAL', 'Received documents are not available to the agent here.');
    const companies = company === undefined ? context.actor.companies : [company];
    const documents = [];
    for (const companyRut of companies.slice(0, 10)) {
      const page = await received.list(context.actor, companyRut, { limit, ...(state === undefined ? {} : { state }) });
      for (const document of page.items) {
        documents.push({
          id: document.id, companyRut, title: document.TipoDTE === undefined || document.Folio === undefined ? undefined : documentTitle(document.TipoDTE, document.Folio),
          type: document.TipoDTE, folio: document.Folio, issuerRut: document.RUTEmisor, issuerName: capText(document.RznSoc, 100),
          issuedOn: document.FchEmis, total: document.MntTotal === undefined ? undefined : Number(document.MntTotal), state: document.state,
          deadline: document.deadline?.toISOString(), receivedAt: document.createdAt.toISOString(),
          ...(document.state === 'refused' ? { refusal: capText(document.status.glosa, 120) } : {}),
        });
      }
    }
    documents.sort((left, right) => right.receivedAt.localeCompare(left.receivedAt));
    return {
      data: { documents: documents.slice(0, limit), count: Math.min(documents.length, limit) },
      citations: documents.slice(0, limit).map((document) => ({
        kind: 'document' as const, id: document.id, title: `${document.title ?? 'Documento recibido'} de ${document.issuerRut ?? '?'}`,
      })),
    };
  },
});
