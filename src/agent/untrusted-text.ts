/**
 * Untrusted text (questions, invoice fields, SII messages, tool outputs) goes to the model as data:
 * length-capped and inside a delimiter the system prompt names, with any look-alike delimiter in the
 * text itself defused so that it cannot close the block early.
 */

/** The longest question handed to a model, in characters. */
export const QUESTION_LIMIT = 2_000;

/** The longest tool output handed to a model, in characters. */
export const TOOL_OUTPUT_LIMIT = 12_000;

/** Cuts text to a length, saying so. */
export function capLength(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… [cut at ${limit} characters]`;
}

/** Removes anything that looks like one of our delimiters. */
function defuse(text: string): string {
  return text.replace(/<\/?\s*(question|tool_output|history_turn)\b[^>]*>/gi, '[removed tag]');
}

/** The person's question as the model sees it. */
export function questionBlock(question: string, documentId?: string): string {
  const about = documentId === undefined ? '' : `\n<document_id>${defuse(documentId.slice(0, 100))}</document_id>`;
  return `<question>\n${defuse(capLength(question, QUESTION_LIMIT))}\n</question>${about}`;
}

/** A tool's output (JSON) as the model sees it. */
export function toolOutputBlock(name: string, content: string): string {
  return `<tool_output name="${name}">\n${defuse(capLength(content, TOOL_OUTPUT_LIMIT))}\n</tool_output>`;
}
