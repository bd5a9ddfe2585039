import { z } from 'zod';
import { authorize } from '../src/app/authorize.ts';
import { DteError } from '../src/core/errors.ts';
import { documentTitle } from './document-summary.ts';
import { defineTool } from './tool.ts';
import { scoped } from './tool-errors.ts';

const RESULT_LABELS = { accepted: 'Aceptar', accepted_with_discrepancies: 'Aceptar con discrepancias', rejected: 'Reclamar' } as const;

/**
 * Offers the company's decision on a document a supplier sent it (ResultadoDTE, EnvioRecibos and the
 * registry action). It never decides: it returns an action the person approves, and the front end (with
 * a receiver's or an admin's token) performs it through POST /v1/received/{id}/decision.
 */
export const decideReceivedDocument = defineTool({
  name: 'decide_received_document',
  description: 'Offer to accept, accept with discrepancies, or reject (claim) a document a supplier sent the company (from list_received_documents). '
    + 'This does NOT decide: it returns an action the person must approve; approved, it mails the signed ResultadoDTE (and with a receipt the '
    + 'EnvioRecibos of Ley 19.983) and records ACD/ERM/RCD at the SII. A reason is required unless accepting; only within the eight days.',
  input: z.strictObject({
    receivedId: z.string().min(1).max(100),
    result: z.enum(['accepted', 'accepted_with_discrepancies', 'rejected']),
    reason: z.string().min(1).max(200).optional(),
    recinto: z.string().min(1).max(80).optional().describe('Where goods or services were received: adds the acuse de recibo (ERM).'),
  }),
  async run({ receivedId, result, reason, recinto }, context) {
    const received = context.services.received;
    if (received === undefined) throw new DteError('INTERNAL', 'Received documents are not available to the agent here.');
    const document = await scoped(context.actor, receivedId, () => received.get(context.actor, receivedId));
    try {
      authorize(context.actor, 'receive', document.companyRut);
    } catch {
      const { role } = context.actor;
      return {
        data: {
          offered: false, needsRole: ['receiver', 'admin'],
          text: { es: `Su rol (${role}) no puede decidir sobre documentos recibidos: una persona con rol receiver o admin puede hacerlo.`, en: `Your role (${role}) may not decide on received documents: a person with the receiver or admin role can.` },
        },
      };
    }
    if (document.state !== 'received') return { data: { offered: false, state: document.state, note: 'The document is not waiting for a decision.' } };
    if (result !== 'accepted' && reason === undefined) return { data: { offered: false, note: `A reason is required to ${result === 'rejected' ? 'reject' : 'accept with discrepancies'}.` } };
    const title = document.TipoDTE === undefined || document.Folio === undefined ? 'el documento recibido' : documentTitle(document.TipoDTE, document.Folio);
    const request = { result, ...(reason === undefined ? {} : { reason }), ...(recinto === undefined ? {} : { receipt: { recinto } }) };
    return {
      data: { offered: true, approvalRequired: true, receivedId, state: document.state, deadline: document.deadline, request },
      actions: [{ kind: 'decide_received_document', label: `${RESULT_LABELS[result]} ${title} de ${document.RUTEmisor ?? '?'}`, documentId: receivedId, approvalRequired: true, request }],
    };
  },
});
