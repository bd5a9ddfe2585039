/**
 * Text within Slack's limits: a section block holds at most 3,000 characters and a message's text
 * should stay under 4,000, so long texts are split, at a line break or a space where one is near.
 */

/** The most characters in one section block's text. */
export const SECTION_LIMIT = 3_000;

/** Pieces of at most `limit` characters whose concatenation is the text (whitespace at cuts trimmed). */
export function splitText(text: string, limit = SECTION_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > limit / 2 ? cut : limit;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Section blocks carrying a text, split within the limit. */
export function sections(text: string): unknown[] {
  return splitText(text).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }));
}

/** Escapes the three characters Slack reads as markup (`&`, `<`, `>`) in text that came from elsewhere. */
export function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Whole pesos as Chileans write them: `$1.234.567`. */
export function pesos(amount: number): string {
  return `$${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}
