/**
 * The Slack bot: a Bolt app (HTTP mode inside the service's Fastify app, or Socket Mode) whose
 * handlers call the application's services as the Slack user's mapped actor. It holds no logic of
 * its own: /dte, the alert buttons, mentions and DMs, and the 👍/👎 ratings.
 */
import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { FastifyPluginAsync } from 'fastify';
import type { Actor, ActorDirectory, CompanyService, DocumentService, ExplanationService, FeedbackService, ReceivedService, RegistryService, SlackRepository } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import type { Logger } from '../observability/logger.ts';
import { pressAlertButton } from './alert-actions.ts';
import { ALERT_ACTIONS } from './alert-message.ts';
import { pressReceivedButton, RECEIVED_ACTIONS } from './received-alerts.ts';
import { RATING_ACTIONS } from './answer-message.ts';
import type { AskAgent } from './ask-agent.ts';
import { answerMessage, postAgentAnswer, type IncomingMessage } from './conversations.ts';
import { answerDteCommand, unmappedAnswer } from './dte-command.ts';
import { FastifyReceiver } from './fastify-receiver.ts';
import type { SlackPoster } from './slack-poster.ts';

/** How long an event id is remembered, and how often older ones are forgotten. */
const EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** What the bot is built from. */
export interface SlackBotOptions {
  botToken: string;
  /** HTTP mode: the signing secret checks every request at /slack/events. */
  signingSecret: string | null;
  /** Socket Mode when set (SLACK_APP_TOKEN); no HTTP route then. */
  appToken: string | null;
  /** Another Web API address for Bolt's own client (tests). */
  apiUrl?: string;
  poster: SlackPoster;
  services: { documents: DocumentService; companies: CompanyService; explanations: ExplanationService; actors: ActorDirectory; received?: ReceivedService; registry?: RegistryService };
  slackStore: SlackRepository;
  /** Ratings go through the feedback service, which checks who may rate. */
  feedback: Pick<FeedbackService, 'rate'>;
  /** The agent; none until it is built (the bot then says so). */
  ask?: AskAgent;
  logger: Logger;
  clock?: () => Date;
  /** What else to forget whenever old event ids are, at start and then hourly (idle threads' conversations, slack-agent.ts). */
  housekeeping?: ReadonlyArray<(now: Date) => Promise<unknown>>;
}

/** A built bot. */
export interface SlackBot {
  /** The Fastify plugin serving /slack/events (HTTP mode); undefined in Socket Mode. */
  plugin: FastifyPluginAsync | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How long a /dte answer may take to go in the acknowledgement itself (the receiver gives up at 2.5 s). */
const COMMAND_ACK_MS = 1_500;

/** Builds the bot; nothing is sent to Slack until an event arrives (or `start` in Socket Mode). */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { poster, services, logger } = options;
  let identity: Promise<{ botId: string; botUserId: string }> | undefined;
  const whoAmI = () => (identity ??= poster.identity().catch((error: unknown) => { identity = undefined; throw error; }));
  const receiver = options.appToken === null ? new FastifyReceiver({ signingSecret: options.signingSecret ?? '', logger, ...(options.clock ? { clock: options.clock } : {}) }) : undefined;
  const app = new App({
    authorize: async () => ({ botToken: options.botToken, ...(await whoAmI()) }),
    logger: boltLogger(logger),
    ...(options.apiUrl ? { clientOptions: { slackApiUrl: options.apiUrl } } : {}),
    ...(receiver ? { receiver } : { socketMode: true, appToken: options.appToken ?? '' }),
  });
  const actorOf = (team: string, user: string): Promise<Actor | undefined> => services.actors.actorOf('slack', team, user);

  // Slack retries an event it thinks unanswered; every instance shares the claim, so it is answered once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await options.slackStore.claimEvent(eventId))) {
      logger.info({ eventId }, 'a Slack event already taken was skipped');
      return;
    }
    await next();
  });

  // Slack waits 3 s for the acknowledgement: an answer ready within COMMAND_ACK_MS goes in it; a slower
  // one (many companies) is acknowledged at once and sent after, through the command's response_url.
  app.command('/dte', async ({ command, ack, respond }) => {
    const actor = await actorOf(command.team_id, command.user_id);
    if (actor === undefined) {
      await ack(unmappedAnswer(command.team_id, command.user_id));
      return;
    }
    const answer = answerDteCommand(command.text, actor, services);
    const quick = await Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), COMMAND_ACK_MS).unref())]);
    if (quick !== undefined) {
      await ack(quick);
      return;
    }
    await ack({ response_type: 'ephemeral', text: 'Working on it…' });
    await respond({ ...(await answer), replace_original: true });
  });

  const postAnswer = (channel: string, threadTs: string, actor: Actor, question: string, answer: Awaited<ReturnType<AskAgent>>) =>
    postAgentAnswer({ poster, answers: options.slackStore }, channel, threadTs, actor, question, answer);
  for (const actionId of Object.values(ALERT_ACTIONS)) {
    app.action(actionId, async ({ ack, body, action }) => {
      await ack();
      const press = pressOf(body, action);
      if (press === undefined) return;
      await pressAlertButton({ ...press, actionId }, { poster, documents: services.documents, explanations: services.explanations, actorOf, postAnswer, logger, ...(options.ask ? { ask: options.ask } : {}) });
    });
  }
  const { received } = services;
  for (const actionId of received === undefined ? [] : Object.values(RECEIVED_ACTIONS)) {
    app.action(actionId, async ({ ack, body, action }) => {
      await ack();
      const press = pressOf(body, action);
      if (press !== undefined) await pressReceivedButton({ ...press, actionId }, { poster, received: received!, actorOf });
    });
  }
  for (const [rating, actionId] of Object.entries(RATING_ACTIONS) as Array<['up' | 'down', string]>) {
    app.action(actionId, async ({ ack, body, action }) => {
      await ack();
      const press = pressOf(body, action);
      if (press === undefined) return;
      const actor = await actorOf(press.team, press.user);
      let text: string;
      if (actor === undefined) {
        text = unmappedAnswer(press.team, press.user).text ?? 'Ask an admin to map your Slack user first.';
      } else {
        text = await options.feedback.rate(actor, press.documentId, rating).then(
          (kept) => (kept ? 'Thank you: your rating is kept with the answer.' : 'That answer is no longer kept.'),
          (error: unknown) => {
            // The service's own refusal, in its one wording.
            if (error instanceof DteError && error.code === 'FORBIDDEN') return error.message;
            throw error;
          },
        );
      }
      await poster.postEphemeral(press.channel, press.user, { text, threadTs: press.messageTs });
    });
  }

  const converse = async (event: Record<string, unknown>, body: unknown) => {
    const message = incomingOf(event, body);
    if (message === undefined) return;
    await answerMessage(message, { poster, actorOf, answers: options.slackStore, logger, ...(options.ask ? { ask: options.ask } : {}) });
  };
  app.event('app_mention', async ({ event, body }) => converse(fieldsOf(event), body));
  app.event('message', async ({ event, body }) => {
    const fields = fieldsOf(event);
    if (fields.channel_type === 'im') await converse(fields, body);
  });
  app.error(async (error) => {
    logger.error({ err: error.message }, 'a Slack handler failed');
  });

  // Slack retries within minutes; event ids older than a day are forgotten, with whatever else is given to forget.
  let pruning: NodeJS.Timeout | undefined;
  let pruned: Promise<void> = Promise.resolve();
  const warn = (what: string) => (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, `could not forget ${what}`);
  const prune = async () => {
    const now = (options.clock ?? (() => new Date()))();
    await options.slackStore.pruneEvents(new Date(now.getTime() - EVENT_MEMORY_MS)).catch(warn('old Slack event ids'));
    for (const forget of options.housekeeping ?? []) await forget(now).catch(warn('what the Slack bot no longer needs'));
  };
  return {
    plugin: receiver?.plugin,
    async start() {
      await app.start();
      pruned = prune();
      pruning = setInterval(() => void (pruned = prune()), PRUNE_INTERVAL_MS).unref();
    },
    async stop() {
      clearInterval(pruning);
      await pruned;
      await app.stop();
    },
  };
}

/** A button press's ids, or undefined when the payload lacks them. */
function pressOf(body: unknown, action: unknown): { documentId: string; team: string; user: string; channel: string; messageTs: string } | undefined {
  const payload = body as { team?: { id?: string }; user?: { id?: string; team_id?: string }; channel?: { id?: string }; message?: { ts?: string; thread_ts?: string } };
  const value = (action as { value?: unknown }).value;
  const team = payload.team?.id ?? payload.user?.team_id;
  const user = payload.user?.id;
  const channel = payload.channel?.id;
  const messageTs = payload.message?.thread_ts ?? payload.message?.ts;
  if (typeof value !== 'string' || !team || !user || !channel || !messageTs) return undefined;
  return { documentId: value, team, user, channel, messageTs };
}

/** A person's message the bot should answer; undefined for bots (itself included), edits and other subtypes. */
/** An event's fields by name, read as data: Bolt's event types are unions that name no common fields. */
function fieldsOf(event: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event));
}

function incomingOf(event: Record<string, unknown>, body: unknown): IncomingMessage | undefined {
  if (event.bot_id !== undefined || event.subtype !== undefined) return undefined;
  const team = (body as { team_id?: unknown }).team_id ?? event.team;
  const { user, channel, ts, text } = event;
  if (typeof team !== 'string' || typeof user !== 'string' || typeof channel !== 'string' || typeof ts !== 'string') return undefined;
  return { team, user, channel, ts, text: typeof text === 'string' ? text : '', ...(typeof event.thread_ts === 'string' ? { threadTs: event.thread_ts } : {}) };
}

/** Bolt's logger over pino. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write = (method: 'debug' | 'info' | 'warn' | 'error') => (...messages: unknown[]) => logger[method]({ source: 'bolt' }, messages.map(String).join(' '));
  return {
    debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'),
    setLevel: (next) => { level = next; }, getLevel: () => level, setName: () => undefined,
  };
}
