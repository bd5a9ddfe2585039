import { z } from 'zod';
import type { AgentAction } from '../src/app/ports/index.ts';
import { defineTool } from './tool.ts';
import { scoped } from './tool-errors.ts';

/** A corrected request (checked by the core's dry run) and the next step; issuing it needs a person. */
export const suggestCorrection = defineTool({
  name: 'suggest_correction',
  description: 'Suggest how to correct one of the caller\'s documents: for a rejected one, the corrected request to issue again (as a list of '
    + 'changes); for an accepted one, a nota de crédito with CodRef 1 that annuls it before a new document. A request is included only when the '
    + 'core validated it. Nothing is issued: the request is offered to the person as an action that needs their approval.',
  input: z.strictObject({ documentId: z.string().min(1).max(100) }),
  async run({ documentId }, context) {
    const suggestion = await scoped(context.actor, documentId, () => context.services.insight.suggestCorrection(context.actor, documentId));
    const actions: AgentAction[] = suggestion.request === undefined ? [] : [{
      kind: suggestion.nextStep === 'credit_note_and_new_document' ? 'issue_credit_note' : 'issue_corrected_document',
      label: suggestion.nextStep === 'credit_note_and_new_document' ? 'Emitir la nota de crédito que anula el documento' : 'Emitir el documento corregido',
      documentId, request: suggestion.request, approvalRequired: true,
    }];
    return { data: { ...suggestion, validatedByCore: suggestion.request !== undefined }, actions };
  },
});
