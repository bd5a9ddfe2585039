/**
 * The received-document alert (issue 18): when a supplier's factura is taken, the company's alert
 * channel (else the default one) is told "factura 120 de Proveedor SpA por $1.190.000 recibida; plazo
 * para reclamar: 14-12", with Aceptar and Reclamar buttons behind a confirm dialog. A press decides
 * through ReceivedService.decide as the Slack user's actor, so only a receiver or an admin can, and the
 * audit log names them. The supplier's name is their text, escaped.
 */
import type { Actor, AlertChannelService, ReceivedDocumentRecord, ReceivedService } from '../app/ports/index.ts';
import { spokenName } from '../core/document-kinds/index.ts';
import { DteError } from '../core/errors.ts';
import type { Logger } from '../observability/logger.ts';
import type { AlertPress } from './alert-actions.ts';
import { unmappedAnswer } from './dte-command.ts';
import type { SlackMessage, SlackPoster } from './slack-poster.ts';
import { escapeText, pesos } from './slack-text.ts';

/** The buttons' action ids. */
export const RECEIVED_ACTIONS = { accept: 'dte_received_accept', reject: 'dte_received_reject' } as const;

/** The reason a Reclamar press gives the supplier (ResultadoDTE) and the registry's RCD. */
export const SLACK_CLAIM_REASON = 'Contenido reclamado por el receptor';

/** The deadline as a day in Chile (dd-mm). */
function day(deadline: Date): string {
  const [, month, date] = deadline.toLocaleDateString('en-CA', { timeZone: 'America/Santiago' }).split('-');
  return `${date}-${month}`;
}

function confirm(title: string, text: string, yes: string): unknown {
  return { title: { type: 'plain_text', text: title }, text: { type: 'mrkdwn', text }, confirm: { type: 'plain_text', text: yes }, deny: { type: 'plain_text', text: 'Cancelar' } };
}

/** The alert of one received document. */
export function receivedMessage(document: ReceivedDocumentRecord): SlackMessage {
  const kind = (document.TipoDTE === undefined ? undefined : spokenName(document.TipoDTE, 'es', 'short')) ?? `documento tipo ${document.TipoDTE ?? '?'}`;
  const supplier = document.RznSoc === undefined ? document.RUTEmisor ?? '?' : escapeText(document.RznSoc.slice(0, 100));
  const amount = document.MntTotal === undefined ? '' : ` por ${pesos(Number(document.MntTotal))}`;
  const deadline = document.deadline === undefined ? '' : `; plazo para reclamar: ${day(document.deadline)}`;
  const heading = `${kind} ${document.Folio ?? '?'} de ${supplier}${amount} recibida${deadline}`;
  const title = `${kind} ${document.Folio ?? '?'}`;
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${heading}*` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Emisor ${document.RUTEmisor ?? '?'}, para ${document.companyRut}. Ley 19.983: aceptar (ACD) o reclamar (RCD) en el registro del SII. Id ${document.id}` }] },
    {
      type: 'actions', block_id: 'dte_received_alert', elements: [
        { type: 'button', action_id: RECEIVED_ACTIONS.accept, style: 'primary', text: { type: 'plain_text', text: 'Aceptar' }, value: document.id, confirm: confirm(`¿Aceptar ${title}?`, 'Se envía el ResultadoDTE firmado al proveedor y se registra la aceptación (ACD) en el SII.', 'Aceptar') },
        { type: 'button', action_id: RECEIVED_ACTIONS.reject, style: 'danger', text: { type: 'plain_text', text: 'Reclamar' }, value: document.id, confirm: confirm(`¿Reclamar ${title}?`, `Se envía el rechazo firmado al proveedor («${SLACK_CLAIM_REASON}») y se registra el reclamo (RCD) en el SII.`, 'Reclamar') },
      ],
    },
  ];
  return { text: `${heading}.`.slice(0, 3_900), blocks };
}

/** Posts the alert of each document waiting for a decision to the company's channel, if it has one. */
export function createReceivedAlerts(options: { poster: Pick<SlackPoster, 'post'>; channels: Pick<AlertChannelService, 'destination'>; logger: Logger }) {
  return async (companyRut: string, documents: readonly ReceivedDocumentRecord[]): Promise<void> => {
    const channel = await options.channels.destination(companyRut);
    if (channel === null) return;
    for (const document of documents) {
      await options.poster.post(channel, receivedMessage(document));
      options.logger.info({ company: companyRut, type: document.TipoDTE, folio: document.Folio, channel }, 'Slack received-document alert posted');
    }
  };
}

/** Decides as the Slack user who pressed, telling refusals to them alone and the outcome in the thread. */
export async function pressReceivedButton(press: AlertPress, options: {
  poster: Pick<SlackPoster, 'post' | 'postEphemeral'>; received: Pick<ReceivedService, 'decide'>; actorOf(team: string, user: string): Promise<Actor | undefined>;
}): Promise<void> {
  const privately = (text: string) => options.poster.postEphemeral(press.channel, press.user, { text, threadTs: press.messageTs });
  const actor = await options.actorOf(press.team, press.user);
  if (actor === undefined) {
    await privately(unmappedAnswer(press.team, press.user).text);
    return;
  }
  const accept = press.actionId === RECEIVED_ACTIONS.accept;
  try {
    const { document, replayed } = await options.received.decide(actor, press.documentId, accept ? { result: 'accepted' } : { result: 'rejected', reason: SLACK_CLAIM_REASON });
    const what = accept ? 'aceptó' : 'reclamó';
    await options.poster.post(press.channel, {
      text: replayed ? `Ya estaba decidido: ${document.state}.` : `<@${press.user}> ${what} el documento ${document.TipoDTE ?? '?'} folio ${document.Folio ?? '?'} de ${document.RUTEmisor ?? '?'}.`,
      threadTs: press.messageTs,
    });
  } catch (error) {
    if (!(error instanceof DteError)) throw error;
    const why = error.code === 'FORBIDDEN' ? `su rol (${actor.role}) no lo permite: se necesita receiver o admin.` : error.message;
    await privately(`No se hizo: ${why}`);
  }
}
