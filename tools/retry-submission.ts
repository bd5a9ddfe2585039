import { z } from 'zod';
import { checkRetryable } from '../src/core/document-states.ts';
import { ISSUER_ROLES, mayIssue, NEEDS_ISSUER } from './actor-permissions.ts';
import { documentCitation, documentTitle } from './document-summary.ts';
import { defineTool } from './tool.ts';
import { ownDocument } from './tool-errors.ts';

/**
 * Offers to send a failed or rejected document again. It never retries: it returns an action the
 * person approves, and the front end (with an issuer's token) performs it.
 */
export const retrySubmission = defineTool({
  name: 'retry_submission',
  description: 'Offer to send a failed or rejected document to the SII again. This does NOT send it: it returns an action that the person must '
    + 'approve. Only failed or rejected documents can be retried; a rejected one with wrong data needs a corrected document instead.',
  input: z.strictObject({ documentId: z.string().min(1).max(100) }),
  async run({ documentId }, context) {
    const document = await ownDocument(context, documentId);
    // The state machine's rule, as DocumentService.retry applies it.
    checkRetryable(documentId, document.state);
    // Retrying is issuing's permission: a viewer would be offered what the service refuses them.
    if (!mayIssue(context.actor)) {
      const { role } = context.actor;
      return {
        data: { offered: false, needsRole: [...ISSUER_ROLES], documentId, state: document.state, text: { es: NEEDS_ISSUER.es(role), en: NEEDS_ISSUER.en(role) } },
        citations: [documentCitation(document)],
      };
    }
    const label = `Reintentar el envío de ${documentTitle(document.type, document.folio)}`;
    return {
      data: { offered: true, approvalRequired: true, documentId, state: document.state },
      citations: [documentCitation(document)],
      actions: [{ kind: 'retry_submission', label, documentId, approvalRequired: true }],
    };
  },
});
