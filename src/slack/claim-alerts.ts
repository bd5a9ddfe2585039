/**
 * The claim alert (Ley 19.983): when the registry poll finds that a receiver claimed one of our
 * documents, a job of the queue's runner posts it to the company's alert channel (else the default
 * one), with the claim's kind and an Explain button that asks the agent about the document.
 */
import { z } from 'zod';
import { JOB_NAMES, readJobData, type AlertChannelService, type ClaimListener, type DocumentListener, type JobData, type JobRunner } from '../app/ports/index.ts';
import type { Logger } from '../observability/logger.ts';
import { ALERT_ACTIONS } from './alert-message.ts';
import type { SlackMessage, SlackPoster } from './slack-poster.ts';
import { escapeText, pesos } from './slack-text.ts';

/** The job that posts one claim alert. */
export const SLACK_CLAIM_ALERT_JOB = JOB_NAMES.slackClaimAlert;

/** What a claim alert says; a job's data, so plain JSON. */
export interface ClaimFacts {
  documentId: string;
  companyRut: string;
  type: number;
  folio: number;
  receiverRut: string;
  receiverName: string | null;
  totalAmount: number;
  claim: { code: string; description: string; responsibleRut: string; at: string };
}

const claimJobSchema = z.object({
  facts: z.custom<ClaimFacts>((value) => typeof value === 'object' && value !== null && typeof (value as { documentId?: unknown }).documentId === 'string', 'the claim of a document'),
});

/** The claims' kinds in the manual's words. */
const KINDS: Record<string, string> = {
  RCD: 'claim against the content (RCD)', RFP: 'claim: goods or services partly missing (RFP)', RFT: 'claim: goods or services wholly missing (RFT)',
};

/** The claim alert as a message. */
export function claimMessage(facts: ClaimFacts): SlackMessage {
  const receiver = `${facts.receiverName ? `${escapeText(facts.receiverName)} ` : ''}(${facts.receiverRut})`;
  const kind = KINDS[facts.claim.code] ?? `${escapeText(facts.claim.code)} ${escapeText(facts.claim.description)}`;
  const heading = `DTE ${facts.type} folio ${facts.folio} of ${facts.companyRut} was claimed by its receiver ${receiver}, ${pesos(facts.totalAmount)}: ${kind}, on ${facts.claim.at}`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `📣 DTE ${facts.type} folio ${facts.folio} claimed by the receiver`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${heading}*` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Recorded at the SII's registry by ${facts.claim.responsibleRut} (Ley 19.983). Document id ${facts.documentId}` }] },
    { type: 'actions', block_id: 'dte_claim_alert', elements: [{ type: 'button', action_id: ALERT_ACTIONS.explain, text: { type: 'plain_text', text: 'Explain' }, value: facts.documentId }] },
  ];
  return { text: `${heading}.`.slice(0, 3_900), blocks };
}

/** The claim alerts: a listener of claims, whose job is a handler of the queue's runner. */
export function createClaimAlerts(options: {
  runner: Pick<JobRunner, 'add'>; poster: Pick<SlackPoster, 'post'>; channels: Pick<AlertChannelService, 'destination'>; logger: Logger;
}): ClaimListener & DocumentListener {
  return {
    handlers: {
      [SLACK_CLAIM_ALERT_JOB]: async (data: JobData) => {
        const { facts } = readJobData(SLACK_CLAIM_ALERT_JOB, claimJobSchema, data);
        const channel = await options.channels.destination(facts.companyRut);
        const where = { company: facts.companyRut, type: facts.type, folio: facts.folio };
        if (channel === null) {
          options.logger.info(where, 'no Slack channel for the claim alert any longer: not posted');
          return;
        }
        await options.poster.post(channel, claimMessage(facts));
        options.logger.info({ ...where, channel }, 'Slack claim alert posted');
      },
    },
    documentSettled: async () => undefined,
    async documentClaimed(document, claim) {
      if (await options.channels.destination(document.companyRut) === null) return;
      const receiverName = document.request?.Encabezado?.Receptor?.RznSocRecep;
      const facts: ClaimFacts = {
        documentId: document.id, companyRut: document.companyRut, type: document.type, folio: document.folio, receiverRut: document.receiverRut,
        receiverName: typeof receiverName === 'string' ? receiverName : null, totalAmount: document.totalAmount,
        claim: { code: claim.code, description: claim.description, responsibleRut: claim.responsibleRut, at: claim.at.toISOString() },
      };
      await options.runner.add(SLACK_CLAIM_ALERT_JOB, { facts }, { key: `slack-claim-alert:${document.id}:${claim.id}` });
    },
  };
}
