/**
 * SII codes as the bot writes them: the code, the SII's meaning and, where the project's guidance
 * has them, the likely cause and the usual fix with their source. Nothing is invented for a code the
 * catalog lacks.
 */
import type { CodeExplanation, SiiCode } from '../app/ports/index.ts';
import { escapeText } from './slack-text.ts';

/** Lines explaining one code (mrkdwn). */
export function explanationLines(explanation: CodeExplanation, given?: SiiCode): string[] {
  const detail = given?.detail ? ` (${escapeText(given.detail)})` : '';
  if (!explanation.known) {
    const message = given?.message ? `: ${escapeText(given.message)}` : '';
    return [`*${escapeText(explanation.code)}*${message}${detail} — this code is not in the project's SII catalog.`];
  }
  const lines = [`*${explanation.code}*: ${escapeText(explanation.meaning ?? '')}${detail}`];
  const advice = explanation.guidance;
  if (advice !== undefined) {
    lines.push(`> Likely cause: ${escapeText(advice.causeEn ?? advice.cause)}`);
    lines.push(`> Usual fix: ${escapeText(advice.fixEn ?? advice.fix)}`);
    const source = advice.sources[0];
    if (source !== undefined) lines.push(`> Source: ${escapeText([source.title, source.section].filter(Boolean).join(', '))}`);
  } else if (explanation.source) {
    lines.push(`> Source: ${escapeText(explanation.source)}`);
  }
  return lines;
}
