/**
 * The rejection alert: which document, for whom, how much, the SII's codes with their meaning and
 * usual fix, and the buttons Explain, Show XML and, where a person may retry the state, Retry submission
 * (behind a confirm dialog).
 */
import type { CodeExplanation, DocumentIdentity } from '../app/ports/index.ts';
import { DOCUMENT_STATE_MACHINE, type AlertedState } from '../core/document-states.ts';
import { explanationLines } from './code-text.ts';
import type { SlackMessage } from './slack-poster.ts';
import { escapeText, pesos, splitText } from './slack-text.ts';

/** The action ids of the alert's buttons (the value of each is the document's id). */
export const ALERT_ACTIONS = { explain: 'dte_explain', showXml: 'dte_show_xml', retry: 'dte_retry' } as const;

/** What an alert says about its document; a job's data, so plain JSON. Fields named as in the document view. */
export type AlertFacts = Pick<DocumentIdentity, 'companyRut' | 'type' | 'folio' | 'trackId' | 'codes'> & {
  documentId: string;
  state: AlertedState;
  receiverRut: string;
  receiverName: string | null;
  totalAmount: number;
};

/** The alert as a message: blocks, and the same facts as plain text. */
export function alertMessage(facts: AlertFacts, explanations: readonly CodeExplanation[]): SlackMessage {
  const rule = DOCUMENT_STATE_MACHINE[facts.state];
  const verdict = `${rule.names.en} by the SII`;
  const receiver = `${facts.receiverName ? `${escapeText(facts.receiverName)} ` : ''}(${facts.receiverRut})`;
  const heading = `DTE ${facts.type} folio ${facts.folio} of ${facts.companyRut} was ${verdict}: ${receiver}, ${pesos(facts.totalAmount)}`;
  const codeLines = explanations.flatMap((explanation, index) => explanationLines(explanation, facts.codes[index]));
  const body = codeLines.length === 0 ? 'The SII gave no codes.' : codeLines.join('\n');
  const track = facts.trackId ? `Track id ${facts.trackId}, document id ${facts.documentId}` : `Document id ${facts.documentId}`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `${facts.state === 'rejected' ? '⛔' : '⚠️'} DTE ${facts.type} folio ${facts.folio} ${rule.names.en}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${heading}*` } },
    ...splitText(body).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } })),
    { type: 'context', elements: [{ type: 'mrkdwn', text: track }] },
    {
      type: 'actions', block_id: 'dte_alert',
      elements: [
        { type: 'button', action_id: ALERT_ACTIONS.explain, text: { type: 'plain_text', text: 'Explain' }, value: facts.documentId },
        { type: 'button', action_id: ALERT_ACTIONS.showXml, text: { type: 'plain_text', text: 'Show XML' }, value: facts.documentId },
        ...(rule.retryable ? [retryButton(facts)] : []),
      ],
    },
  ];
  const text = `${heading}. ${codeLines.map((line) => line.replace(/^> /, '').replaceAll('*', '')).join(' ')}`.slice(0, 3_900);
  return { text, blocks };
}

/** Retry submission, behind a confirm dialog; offered only where the state machine lets a person retry. */
function retryButton(facts: AlertFacts): unknown {
  return {
    type: 'button', action_id: ALERT_ACTIONS.retry, style: 'danger', text: { type: 'plain_text', text: 'Retry submission' }, value: facts.documentId,
    confirm: {
      title: { type: 'plain_text', text: 'Send it to the SII again?' },
      text: { type: 'mrkdwn', text: `DTE ${facts.type} folio ${facts.folio} will be queued and submitted again, in your name.` },
      confirm: { type: 'plain_text', text: 'Retry' }, deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
}
