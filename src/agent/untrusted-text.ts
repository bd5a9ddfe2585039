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

/** Zero-width and formatting characters that could split a delimiter's name and still look like it. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/**
 * Removes anything that looks like one of our delimiters: after taking out invisible characters and
 * reading fullwidth forms (＜／question＞) as the ASCII they imitate.
 */
function defuse(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/[\uFF01-\uFF5E]/g, (character) => String.fromCharCode(character.charCodeAt(0) - 0xFEE0))
    .replace(/<\/?\s*(question|tool_output|history_turn|document_id)\b[^>]*>/gi, '[removed tag]');
}

/** An earlier turn of the conversation: the person's inside a delimiter, either one defused and capped. */
export function historyText(role: 'user' | 'assistant', text: string, limit: number): string {
  const capped = defuse(capLength(text, limit));
  return role === 'user' ? `<history_turn>${capped}</history_turn>` : capped;
}

/** The person's question as the model sees it. */
export function questionBlock(question: string, documentId?: string): string {
  const about = documentId === undefined ? '' : `\n<document_id>${defuse(documentId.slice(0, 100))}</document_id>`;
  return `<question>\n${defuse(capLength(question, QUESTION_LIMIT))}\n</question>${about}`;
}

/**
 * A tool's output (JSON) as the model sees it. `<` (and its fullwidth look-alike) is written `\u003c`,
 * the same JSON, so no text of a document or of the SII can open or close a tag in it; the tool's
 * name, which the model chose, is kept to the characters tool names have.
 */
export function toolOutputBlock(name: string, content: string): string {
  const safeName = name.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
  const escaped = capLength(content, TOOL_OUTPUT_LIMIT).replace(INVISIBLE, '').replace(/[<\uFF1C]/g, '\\u003c');
  return `<tool_output name="${safeName}">\n${escaped}\n</tool_output>`;
}
