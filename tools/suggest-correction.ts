import { z } from 'zod';
import type { AgentAction, CorrectionSuggestion } from '../src/app/ports/index.ts';
import { ISSUER_ROLES, mayIssue, NEEDS_ISSUER } from './actor-permissions.ts';
import { defineTool } from './tool.ts';
import { scoped } from './tool-errors.ts';

/**
 * A corrected request (checked by the core's dry run) and the next step; issuing it needs a person
 * who may issue, so the action is offered only to such a caller. Each change says whether it adds,
 * replaces or removes a value (`op`, as JSON Patch names them).
 */
export const suggestCorrection = defineTool({
  name: 'suggest_correction',
  description: 'Suggest how to correct one of the caller\'s documents: for a rejected one, the corrected request to issue again (as a list of '
    + 'changes), only when the changes address every rejection code; otherwise what the person must change. For an accepted one, a nota de '
    + 'crédito with CodRef 1, dated today, that annuls it before a new document. A request is included only when the core validated it and the '
    + 'caller may issue. Nothing is issued: the request is offered to the person as an action that needs their approval.',
  input: z.strictObject({ documentId: z.string().min(1).max(100) }),
  async run({ documentId }, context) {
    const suggestion = await scoped(context.actor, documentId, () => context.services.insight.suggestCorrection(context.actor, documentId));
    const changes = suggestion.changes.map((change) => ({ op: operationOf(change), ...change }));
    const validatedByCore = suggestion.request !== undefined;
    if (suggestion.request === undefined) return { data: { ...suggestion, changes, validatedByCore } };
    const { role } = context.actor;
    if (!mayIssue(context.actor)) {
      const { request: _request, totals: _totals, ...rest } = suggestion;
      const text = { es: `${suggestion.text.es} ${NEEDS_ISSUER.es(role)}`, en: `${suggestion.text.en} ${NEEDS_ISSUER.en(role)}` };
      return { data: { ...rest, text, changes, validatedByCore, actionOffered: false, needsRole: [...ISSUER_ROLES] } };
    }
    const annul = suggestion.nextStep === 'credit_note_and_new_document';
    const actions: AgentAction[] = [{
      kind: annul ? 'issue_credit_note' : 'issue_corrected_document',
      label: annul ? 'Emitir la nota de crédito que anula el documento' : 'Emitir el documento corregido',
      documentId, request: suggestion.request, approvalRequired: true,
    }];
    return { data: { ...suggestion, changes, validatedByCore, actionOffered: true }, actions };
  },
});

function operationOf(change: CorrectionSuggestion['changes'][number]): 'add' | 'replace' | 'remove' {
  const absent = (value: unknown) => value === undefined || value === null || (Array.isArray(value) && value.length === 0);
  if (absent(change.from)) return 'add';
  return absent(change.to) ? 'remove' : 'replace';
}
