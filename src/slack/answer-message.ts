/**
 * The agent's answer in a thread: split within Slack's limits, the last part carrying the 👍/👎
 * buttons whose value is the stored answer's id.
 */
import type { SlackMessage } from './slack-poster.ts';
import { splitText } from './slack-text.ts';

/** The action ids of the rating buttons. */
export const RATING_ACTIONS = { up: 'dte_rate_up', down: 'dte_rate_down' } as const;

/** The messages of one answer, in order. */
export function answerMessages(answer: string, answerId: string, threadTs: string): SlackMessage[] {
  const pieces = splitText(answer);
  return pieces.map((piece, index) => {
    const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: piece } }];
    if (index === pieces.length - 1) {
      blocks.push({
        type: 'actions', block_id: 'dte_rating',
        elements: [
          { type: 'button', action_id: RATING_ACTIONS.up, text: { type: 'plain_text', text: '👍' }, value: answerId },
          { type: 'button', action_id: RATING_ACTIONS.down, text: { type: 'plain_text', text: '👎' }, value: answerId },
        ],
      });
    }
    return { text: piece, blocks, threadTs };
  });
}
