/**
 * Everything the bot sends to Slack goes through here: messages to one channel are paced (about one
 * a second, Slack's rate for chat.postMessage), and a 429 waits its Retry-After before the same call
 * is made again, holding back that channel's later posts meanwhile.
 */
import { webApi } from '@slack/bolt';
import { DteError } from '../core/errors.ts';
import type { Logger } from '../observability/logger.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** A message: Block Kit blocks always with the plain text shown in notifications and by old clients. */
export interface SlackMessage {
  text: string;
  blocks?: unknown[];
  threadTs?: string;
}

/** What the bot does on Slack. */
export interface SlackPoster {
  /** Posts in a channel (in a thread with `threadTs`); resolves with the message's ts. */
  post(channel: string, message: SlackMessage): Promise<string>;
  /** A message only `user` sees. */
  postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  /** Adds a reaction to a message. */
  react(channel: string, ts: string, name: string): Promise<void>;
  /** Uploads a file into a channel (in a thread with `threadTs`), with Slack's external upload flow. */
  upload(channel: string, file: { name: string; content: Buffer; title: string; comment?: string; threadTs?: string }): Promise<void>;
  /** Who the bot is (auth.test): its bot id and its user id, so it never answers itself. */
  identity(): Promise<{ botId: string; botUserId: string }>;
}

/** How to reach Slack. */
export interface SlackPosterOptions {
  botToken: string;
  /** Another Web API address (tests), ending in `/`. */
  apiUrl?: string;
  logger: Logger;
  /** Milliseconds between two posts to one channel; 1,000 by default. */
  pacingMs?: number;
  /** How many 429s one call waits out before it fails (retried later by its job); 5 by default. */
  rateLimitRetries?: number;
}

/** A poster over Slack's Web API client (@slack/web-api, through Bolt). */
export function createSlackPoster(options: SlackPosterOptions): SlackPoster {
  const client: WebClient = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
  const pacingMs = options.pacingMs ?? 1_000;
  const retries = options.rateLimitRetries ?? 5;
  /** Per channel: when its next call may start, and the chain of calls waiting for it. */
  const channels = new Map<string, { next: number; chain: Promise<unknown> }>();

  async function withRateLimit<Result>(channel: string, call: () => Promise<Result>): Promise<Result> {
    const lane = channels.get(channel) ?? { next: 0, chain: Promise.resolve() };
    channels.set(channel, lane);
    const run = lane.chain.catch(() => undefined).then(async () => {
      for (let attempt = 0; ; attempt += 1) {
        const wait = lane.next - Date.now();
        if (wait > 0) await sleep(wait);
        lane.next = Date.now() + pacingMs;
        try {
          return await call();
        } catch (error) {
          const retryAfter = rateLimitedFor(error);
          if (retryAfter === undefined || attempt >= retries) throw slackError(error);
          options.logger.info({ channel, retryAfter }, 'Slack asked to slow down (429): waiting Retry-After');
          lane.next = Date.now() + retryAfter * 1000;
        }
      }
    });
    lane.chain = run;
    return run;
  }

  return {
    async identity() {
      const answer = await client.auth.test().catch((error: unknown) => { throw slackError(error); });
      return { botId: answer.bot_id ?? '', botUserId: answer.user_id ?? '' };
    },
    async post(channel, message) {
      const answer = await withRateLimit(channel, () => client.chat.postMessage({
        channel, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}), ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      }));
      return answer.ts ?? '';
    },
    async postEphemeral(channel, user, message) {
      await withRateLimit(channel, () => client.chat.postEphemeral({
        channel, user, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}), ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      }));
    },
    async react(channel, ts, name) {
      await client.reactions.add({ channel, timestamp: ts, name }).catch((error: unknown) => {
        options.logger.warn({ channel, err: slackError(error).message }, 'could not add a reaction');
      });
    },
    async upload(channel, file) {
      await withRateLimit(channel, () => client.files.uploadV2({
        channel_id: channel, file: file.content, filename: file.name, title: file.title,
        ...(file.comment ? { initial_comment: file.comment } : {}), ...(file.threadTs ? { thread_ts: file.threadTs } : {}),
      } as never));
    },
  };
}

/** Seconds a 429 asks to wait, or undefined for any other error. */
function rateLimitedFor(error: unknown): number | undefined {
  const coded = error as { code?: string; retryAfter?: number };
  return coded.code === webApi.ErrorCode.RateLimitedError && typeof coded.retryAfter === 'number' ? coded.retryAfter : undefined;
}

/** A Slack failure as a DteError (retryable: the job that made the call runs again). */
function slackError(error: unknown): DteError {
  const data = (error as { data?: { error?: string } }).data;
  const reason = data?.error ?? (error instanceof Error ? error.message : String(error));
  return new DteError('SLACK_FAILED', `Slack refused or did not answer: ${reason}`, { retryable: true, cause: error });
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
