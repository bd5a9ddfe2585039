import type {
  ActorDirectory, AlertChannelService, ClaimListener, CompanyService, DocumentListener, DocumentService, ExplanationService, FeedbackService, JobRunner, ReceivedDocumentRecord, ReceivedService, RegistryService, Store,
} from '../app/ports/index.ts';
import type { Config } from '../config/config.ts';
import type { Logger } from '../observability/logger.ts';
import type { AskAgent } from '../slack/ask-agent.ts';
import { createClaimAlerts } from '../slack/claim-alerts.ts';
import { createReceivedAlerts } from '../slack/received-alerts.ts';
import { createRejectionAlerts } from '../slack/rejection-alerts.ts';
import { createSlackBot, type SlackBot } from '../slack/slack-bot.ts';
import { createSlackPoster, type SlackPoster } from '../slack/slack-poster.ts';

/** Settings tests change. */
export interface SlackSettings {
  /** Milliseconds between posts to one channel (1,000). */
  pacingMs?: number;
}

/** The Slack side, built in two steps: the alerts before the queue (they are its listener), the bot after the services. */
export interface SlackPart {
  /** The alert listener on the queue's runner (to each company's channel, else SLACK_ALERT_CHANNEL). */
  listeners(runner: Pick<JobRunner, 'add'>): DocumentListener[];
  /** The claim alerts on the queue's runner (Ley 19.983), the same listener as among `listeners`. */
  claimListeners(runner: Pick<JobRunner, 'add'>): ClaimListener[];
  /**
   * The bot, over the application's services; `ask` is the agent, when there is one, and
   * `forgetIdleThreads` the conversation service's housekeeping of Slack's threads.
   */
  bot(services: { documents: DocumentService; companies: CompanyService; actors: ActorDirectory; received?: ReceivedService; registry?: RegistryService; forgetIdleThreads(now: Date): Promise<number> }, ask?: AskAgent): SlackBot;
  /** Posts each received document waiting for a decision, with Aceptar / Reclamar (ReceivedDependencies.onReceived). */
  receivedAlerts(companyRut: string, documents: readonly ReceivedDocumentRecord[]): Promise<void>;
}

/** The Slack part when SLACK_BOT_TOKEN is set, else undefined (Slack off). */
export function buildSlack(config: Config, options: {
  store: Store; explanations: ExplanationService; alertChannels: AlertChannelService; feedback: FeedbackService; logger: Logger; settings?: SlackSettings;
}): SlackPart | undefined {
  const slack = config.slack;
  if (slack === null) return undefined;
  const logger = options.logger.child({ component: 'slack' });
  const poster: SlackPoster = createSlackPoster({
    botToken: slack.botToken, logger, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    ...(options.settings?.pacingMs === undefined ? {} : { pacingMs: options.settings.pacingMs }),
  });
  let claims: ReturnType<typeof createClaimAlerts> | undefined;
  const claimAlerts = (runner: Pick<JobRunner, 'add'>) => (claims ??= createClaimAlerts({ runner, poster, channels: options.alertChannels, logger }));
  return {
    listeners(runner) {
      return [createRejectionAlerts({ runner, poster, explanations: options.explanations, channels: options.alertChannels, logger }), claimAlerts(runner)];
    },
    claimListeners: (runner) => [claimAlerts(runner)],
    receivedAlerts: createReceivedAlerts({ poster, channels: options.alertChannels, logger }),
    bot(services, ask) {
      return createSlackBot({
        botToken: slack.botToken, signingSecret: slack.signingSecret, appToken: slack.appToken, poster, logger,
        services: {
          documents: services.documents, companies: services.companies, actors: services.actors, explanations: options.explanations,
          ...(services.received ? { received: services.received } : {}),
          ...(services.registry ? { registry: services.registry } : {}),
        },
        slackStore: options.store.slack, feedback: options.feedback, housekeeping: [services.forgetIdleThreads],
        ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), ...(ask ? { ask } : {}),
      });
    },
  };
}
