import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { IncomingMailHandler, MailboxIntake, MailboxSettings } from '../app/ports/mail.ts';
import { DEFAULT_ZIP_LIMITS } from '../core/intercambio/index.ts';
import type { ZipLimits } from '../core/intercambio/index.ts';
import { readMail, type ReadContext } from './read-mail.ts';

const DEFAULT_POLL_SECONDS = 60;
const DEFAULT_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
const MAX_RECONNECT_DELAY_MS = 60_000;

/** How the intake learns of new mail on its current connection. */
export type ListeningMode = 'idle' | 'poll';

/** Options beside the mailbox's settings. */
export interface ImapIntakeOptions {
  logger?: Logger;
  zipLimits?: ZipLimits;
}

/** The error's message only: imapflow's errors carry the server's response, never the password we sent. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A company's mailbox read over IMAP with imapflow. Every mail in the folder is handed to the handler
 * one at a time, oldest first, and moved to the processed folder once the handler resolved; a mail
 * whose handler rejected stays and is tried again on the next read. New mail is picked up at once
 * where the server offers IDLE (an EXISTS during IDLE starts a read); otherwise, and to retry, the
 * folder is read every pollSeconds. A lost connection is re-established with backoff.
 */
export class ImapMailboxIntake implements MailboxIntake {
  private client: ImapFlow | undefined;
  private handler: IncomingMailHandler | undefined;
  private stopped = false;
  private pass: Promise<number> | undefined;
  private passAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private reconnectDelay = 1000;
  private readonly retryAfter = new Map<number, number>();
  private context: ReadContext | undefined;

  /** How the current connection learns of new mail; undefined while disconnected. */
  listening: ListeningMode | undefined;

  constructor(private readonly settings: MailboxSettings, private readonly options: ImapIntakeOptions = {}) {}

  private get folder(): string {
    return this.settings.folder ?? 'INBOX';
  }

  async start(handler: IncomingMailHandler): Promise<void> {
    this.handler = handler;
    this.stopped = false;
    await this.connect();
    await this.read();
    this.timer = setInterval(() => void this.read().catch(() => undefined), (this.settings.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000);
    this.timer.unref();
  }

  async drain(handler: IncomingMailHandler): Promise<number> {
    this.handler = handler;
    this.stopped = false;
    await this.connect();
    try {
      return await this.read();
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pass?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    this.listening = undefined;
    if (client !== undefined && client.usable) await client.logout().catch(() => client.close());
  }

  private async connect(): Promise<void> {
    const { settings } = this;
    const client = new ImapFlow({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'implicit',
      doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
      auth: { user: settings.user, pass: settings.password },
      ...(settings.certificateAuthority === undefined ? {} : { tls: { ca: settings.certificateAuthority } }),
      logger: false,
      autoIdleDelay: 500,
      connectionTimeout: 30_000,
    });
    client.on('error', (error: Error) => this.options.logger?.warn({ mailbox: settings.name, err: describe(error) }, 'mailbox connection error'));
    try {
      await client.connect();
      await client.mailboxCreate(settings.processedFolder).catch((error: unknown) => {
        this.options.logger?.debug({ mailbox: settings.name, err: describe(error) }, 'processed folder not created (it may exist)');
      });
      const opened = await client.mailboxOpen(this.folder);
      this.context = {
        mailbox: settings.name,
        folder: this.folder,
        uidValidity: String(opened.uidValidity),
        maxMessageBytes: settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
        zipLimits: this.options.zipLimits ?? DEFAULT_ZIP_LIMITS,
      };
    } catch (error) {
      client.close();
      throw error;
    }
    this.listening = client.capabilities.has('IDLE') ? 'idle' : 'poll';
    client.on('exists', () => void this.read().catch(() => undefined));
    client.on('close', () => this.lost(client));
    this.client = client;
    this.reconnectDelay = 1000;
    this.options.logger?.info({ mailbox: settings.name, folder: this.folder, listening: this.listening }, 'mailbox open');
  }

  /** The connection closed: unless stopping, connect again. */
  private lost(client: ImapFlow): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    this.listening = undefined;
    this.reconnectLater();
  }

  /** Connects again after a pause that doubles with each failure, up to a minute. */
  private reconnectLater(): void {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
    this.options.logger?.warn({ mailbox: this.settings.name, retryInMs: delay }, 'mailbox connection lost; reconnecting');
    setTimeout(() => {
      if (this.stopped) return;
      this.connect()
        .then(() => this.read())
        .catch((error: unknown) => {
          this.options.logger?.warn({ mailbox: this.settings.name, err: describe(error) }, 'mailbox reconnection failed');
          if (this.client === undefined) this.reconnectLater();
        });
    }, delay).unref();
  }

  /** Reads the folder once; a read asked for while one runs is run again after it. Resolves with the mails moved. */
  private read(): Promise<number> {
    if (this.pass !== undefined) {
      this.passAgain = true;
      return this.pass;
    }
    const run = async (): Promise<number> => {
      let moved = 0;
      do {
        this.passAgain = false;
        moved += await this.readOnce();
      } while (this.passAgain && !this.stopped);
      return moved;
    };
    this.pass = run().finally(() => (this.pass = undefined));
    return this.pass;
  }

  private async readOnce(): Promise<number> {
    const client = this.client;
    const context = this.context;
    if (client === undefined || context === undefined || this.stopped) return 0;
    const uids = (await client.search({ all: true }, { uid: true })) || [];
    let moved = 0;
    for (const uid of uids.sort((left, right) => left - right)) {
      if (this.stopped || this.client !== client) break;
      if ((this.retryAfter.get(uid) ?? 0) > Date.now()) continue;
      if (await this.take(client, uid, context)) moved += 1;
    }
    return moved;
  }

  /** Hands one mail over and moves it once that succeeded; a failed handler leaves it for a later read. */
  private async take(client: ImapFlow, uid: number, context: ReadContext): Promise<boolean> {
    const later = (): void => void this.retryAfter.set(uid, Date.now() + (this.settings.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000 - 100);
    let mail;
    try {
      mail = await readMail(client, uid, context);
    } catch (error) {
      // One mail that cannot be read must not stop the others behind it.
      if (!client.usable) throw error;
      later();
      this.options.logger?.warn({ mailbox: context.mailbox, uid, err: describe(error) }, 'mail not read; it stays in the folder');
      return false;
    }
    if (mail === undefined) return false;
    try {
      await this.handler!(mail);
    } catch (error) {
      later();
      this.options.logger?.warn({ mailbox: context.mailbox, uid, err: describe(error) }, 'mail not taken: the handler failed; it stays in the folder');
      return false;
    }
    await client.messageMove(String(uid), this.settings.processedFolder, { uid: true });
    this.retryAfter.delete(uid);
    this.options.logger?.info({ mailbox: context.mailbox, uid, files: mail.files.length, refused: mail.refused.length }, 'mail taken');
    return true;
  }
}
