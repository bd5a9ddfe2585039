/**
 * Bolt's receiver inside our Fastify app: an encapsulated plugin serves POST /slack/events (events,
 * slash commands and interactivity alike; /slack/commands and /slack/interactivity too), with its own
 * content-type parsers that keep the raw body, so Slack's signature is checked on the bytes it signed
 * while the API's JSON parsers stay as they are.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../observability/logger.ts';
import { signatureProblem } from './request-signature.ts';

/** The paths Slack is told to call (deploy/slack-manifest.yaml uses the first). */
export const SLACK_PATHS = ['/slack/events', '/slack/commands', '/slack/interactivity'] as const;

/** How long a request waits for Bolt's ack before it is answered empty; Slack gives up at 3 s. */
const ACK_TIMEOUT_MS = 2_500;

/** What the receiver needs. */
export interface FastifyReceiverOptions {
  signingSecret: string;
  logger: Logger;
  clock?: () => Date;
}

/** A Bolt receiver whose `plugin` is registered in the service's Fastify app. */
export class FastifyReceiver implements Receiver {
  private app: App | undefined;
  private readonly clock: () => Date;

  constructor(private readonly options: FastifyReceiverOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Called by Bolt with the app whose events this receiver hands over. */
  init(app: App): void {
    this.app = app;
  }

  /** Nothing to start: the service's HTTP server listens. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The routes, in a context of their own. */
  readonly plugin: FastifyPluginAsync = async (instance: FastifyInstance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser(['application/x-www-form-urlencoded', 'application/json'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
    for (const path of SLACK_PATHS) {
      instance.post(path, { config: { access: 'public' } }, (request, reply) => this.handle(request, reply));
    }
  };

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const raw = typeof request.body === 'string' ? request.body : '';
    const problem = signatureProblem(this.options.signingSecret, {
      timestamp: header(request, 'x-slack-request-timestamp'), signature: header(request, 'x-slack-signature'), body: raw,
    }, this.clock());
    if (problem !== undefined) {
      request.log.warn({ reason: problem }, 'a Slack request was refused');
      await reply.code(401).send({ error: problem });
      return;
    }
    const body = parseBody(raw, request.headers['content-type']);
    if (body === undefined) {
      await reply.code(400).send({ error: 'the body cannot be read' });
      return;
    }
    if (body.type === 'url_verification') {
      await reply.send({ challenge: body.challenge });
      return;
    }
    if (body.ssl_check !== undefined) {
      await reply.send();
      return;
    }
    await this.dispatch(body, request, reply);
  }

  private async dispatch(body: Record<string, unknown>, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let answer: (response: unknown) => void = () => undefined;
    const acknowledged = new Promise<unknown>((resolve) => { answer = resolve; });
    let acked = false;
    const retryNum = Number(header(request, 'x-slack-retry-num'));
    const retryReason = header(request, 'x-slack-retry-reason');
    const event: ReceiverEvent = {
      body,
      ...(Number.isInteger(retryNum) && retryNum > 0 ? { retryNum } : {}),
      ...(retryReason === undefined ? {} : { retryReason }),
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        answer(response);
      },
    };
    if (this.app === undefined) throw new Error('The Slack receiver was not given to a Bolt app.');
    const processing = this.app.processEvent(event).catch((error: unknown) => {
      this.options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'a Slack event failed');
    });
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ACK_TIMEOUT_MS).unref());
    const response = await Promise.race([acknowledged, processing.then(() => undefined), timeout]);
    acked = true;
    if (response === undefined || response === 'timeout' || response === '') await reply.code(200).send();
    else if (typeof response === 'string') await reply.type('text/plain; charset=utf-8').send(response);
    else await reply.type('application/json; charset=utf-8').send(JSON.stringify(response));
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** A form (slash commands; interactivity's `payload` field holds JSON) or JSON (events). */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | undefined {
  try {
    if ((contentType ?? '').toLowerCase().startsWith('application/json')) {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : undefined;
    }
    const form = Object.fromEntries(new URLSearchParams(raw));
    if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
    return form;
  } catch {
    return undefined;
  }
}
