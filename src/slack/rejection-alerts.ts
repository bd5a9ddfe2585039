/**
 * The Slack alert listener: when a document is rejected or accepted with repairs, a job of the
 * queue's runner posts the alert to the company's alert channel, else the default one (retried with
 * backoff like every job; Slack drops nothing when an instance dies on BullMQ).
 */
import { z } from 'zod';
import { JOB_NAMES, readJobData, type AlertChannelService, type DocumentListener, type DocumentRecord, type ExplanationService, type JobData, type JobRunner } from '../app/ports/index.ts';
import { isAlerted } from '../core/document-states.ts';
import type { Logger } from '../observability/logger.ts';
import { alertMessage, type AlertFacts } from './alert-message.ts';
import type { SlackPoster } from './slack-poster.ts';

/** The job that posts one alert (JOB_NAMES.slackAlert). */
export const SLACK_ALERT_JOB = JOB_NAMES.slackAlert;

/** The job's data: the alert's facts, as factsOf wrote them. */
const alertJobSchema = z.object({
  facts: z.custom<AlertFacts>((value) => typeof value === 'object' && value !== null && typeof (value as { documentId?: unknown }).documentId === 'string', 'the alert of a document'),
});

/** What the alerts need. */
export interface RejectionAlertOptions {
  runner: Pick<JobRunner, 'add'>;
  poster: SlackPoster;
  explanations: ExplanationService;
  /** Where each company's alerts go: its own channel, else SLACK_ALERT_CHANNEL. */
  channels: Pick<AlertChannelService, 'destination'>;
  logger: Logger;
}

/** The listener that alerts Slack of rejections and repairs. */
export function createRejectionAlerts(options: RejectionAlertOptions): DocumentListener {
  return {
    handlers: {
      [SLACK_ALERT_JOB]: async (data: JobData) => {
        const { facts } = readJobData(SLACK_ALERT_JOB, alertJobSchema, data);
        const where = { company: facts.companyRut, type: facts.type, folio: facts.folio };
        // Read when posting, so a channel changed meanwhile is honoured; the document's own company decides it.
        const channel = await options.channels.destination(facts.companyRut);
        if (channel === null) {
          options.logger.info(where, 'no Slack channel for the alert any longer: not posted');
          return;
        }
        const message = alertMessage(facts, options.explanations.explain(facts.codes.map((code) => code.code)));
        await options.poster.post(channel, message);
        options.logger.info({ ...where, channel }, 'Slack alert posted');
      },
    },
    async documentSettled(document) {
      if (!isAlerted(document.state)) return;
      if (await options.channels.destination(document.companyRut) === null) return;
      const facts = factsOf(document, document.state);
      await options.runner.add(SLACK_ALERT_JOB, { facts }, { key: `slack-alert:${document.id}:${document.state}:${document.updatedAt.getTime()}` });
    },
  };
}

function factsOf(document: DocumentRecord, state: AlertFacts['state']): AlertFacts {
  const receiverName = document.request?.Encabezado?.Receptor?.RznSocRecep;
  return {
    documentId: document.id, companyRut: document.companyRut, type: document.type, folio: document.folio, state,
    receiverRut: document.receiverRut, receiverName: typeof receiverName === 'string' ? receiverName : null,
    totalAmount: document.totalAmount, trackId: document.trackId,
    codes: (document.siiCodes?.codes ?? []).map((code) => ({ code: code.code, message: code.message, ...(code.detail ? { detail: code.detail } : {}) })),
  };
}
