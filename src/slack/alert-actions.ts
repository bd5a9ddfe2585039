/**
 * The alert's buttons, each done through the service as the Slack user who pressed it: Explain (the
 * agent in the thread, or the catalog when there is no agent), Show XML (the signed DTE uploaded as a
 * file) and Retry submission (DocumentService.retry, so only a role that may issue can, and the audit
 * log names the Slack user).
 */
import type { Actor, DocumentService, ExplanationService } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import type { Logger } from '../observability/logger.ts';
import { ALERT_ACTIONS } from './alert-message.ts';
import { conversationIdOf, type AskAgent } from './ask-agent.ts';
import { explanationLines } from './code-text.ts';
import { unmappedAnswer } from './dte-command.ts';
import type { SlackPoster } from './slack-poster.ts';
import { sections } from './slack-text.ts';

/** A button pressed on an alert. */
export interface AlertPress {
  actionId: string;
  documentId: string;
  team: string;
  user: string;
  channel: string;
  /** The alert's ts: replies go in its thread. */
  messageTs: string;
}

/** What the buttons use. */
export interface AlertActionOptions {
  poster: SlackPoster;
  documents: DocumentService;
  explanations: ExplanationService;
  actorOf(team: string, user: string): Promise<Actor | undefined>;
  /** Answers Explain in the thread; without it the catalog's explanation is posted. */
  ask?: AskAgent;
  /** Posts an agent's answer with its rating buttons. */
  postAnswer(channel: string, threadTs: string, actor: Actor, question: string, answer: Awaited<ReturnType<AskAgent>>): Promise<void>;
  logger: Logger;
}

/** Does what the button says, telling refusals to the presser alone. */
export async function pressAlertButton(press: AlertPress, options: AlertActionOptions): Promise<void> {
  const { poster } = options;
  const privately = (text: string) => poster.postEphemeral(press.channel, press.user, { text, threadTs: press.messageTs });
  const actor = await options.actorOf(press.team, press.user);
  if (actor === undefined) {
    await privately(unmappedAnswer(press.team, press.user).text);
    return;
  }
  try {
    if (press.actionId === ALERT_ACTIONS.retry) await retry(press, actor, options);
    else if (press.actionId === ALERT_ACTIONS.showXml) await showXml(press, actor, options);
    else await explain(press, actor, options);
  } catch (error) {
    if (!(error instanceof DteError)) throw error;
    const why = error.code === 'FORBIDDEN' ? `your role (${actor.role}) or companies do not allow it: ${error.message}` : error.message;
    await privately(`That was not done: ${why}`);
  }
}

async function retry(press: AlertPress, actor: Actor, options: AlertActionOptions): Promise<void> {
  const document = await options.documents.retry(actor, press.documentId);
  await options.poster.post(press.channel, {
    text: `<@${press.user}> sent DTE ${document.type} folio ${document.folio} to the SII again: it is ${document.state}.`, threadTs: press.messageTs,
  });
}

async function showXml(press: AlertPress, actor: Actor, options: AlertActionOptions): Promise<void> {
  const document = await options.documents.get(actor, press.documentId);
  const xml = await options.documents.xml(actor, press.documentId);
  await options.poster.upload(press.channel, {
    name: `dte-${document.type}-${document.folio}.xml`, content: xml, title: `DTE ${document.type} folio ${document.folio} (signed XML, ISO-8859-1)`,
    threadTs: press.messageTs,
  });
}

async function explain(press: AlertPress, actor: Actor, options: AlertActionOptions): Promise<void> {
  const document = await options.documents.get(actor, press.documentId);
  if (options.ask !== undefined) {
    const question = document.receiverStatus === 'claimed'
      ? `Did the receiver claim DTE ${document.type} folio ${document.folio}, when, and what should I do now?`
      : `Why was DTE ${document.type} folio ${document.folio} ${document.state.replaceAll('_', ' ')}, and how do I fix it?`;
    const answer = await options.ask(actor, { question, conversationId: conversationIdOf(press.channel, press.messageTs), documentId: document.id });
    await options.postAnswer(press.channel, press.messageTs, actor, question, answer);
    return;
  }
  const explained = options.explanations.explain(document.codes.map((code) => code.code));
  const lines = explained.flatMap((explanation, index) => explanationLines(explanation, document.codes[index]));
  const text = `${lines.join('\n') || 'The SII gave no codes.'}\n_From the SII code catalog: the AI agent is not configured on this service._`;
  await options.poster.post(press.channel, { text: text.slice(0, 3_900), blocks: sections(text), threadTs: press.messageTs });
}
