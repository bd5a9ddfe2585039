/**
 * The running service's intercambio mail: each company's SMTP sender for the answers outbox, and the
 * worker that reads each configured mailbox (IMAP, IDLE or polling) into intake and empties the outbox
 * on a timer and after each mail taken. Settings are read from the store at start (DESIGN.md,
 * "Documents we receive").
 */
import type { CompanyMailSettings, MailSender, MailSenderSettings, MailTransportSecurity, ReceivedService, Store } from '../app/ports/index.ts';
import { ImapMailboxIntake, SmtpMailSender } from '../mail/index.ts';
import type { Logger } from '../observability/logger.ts';

/** SMTP_URL as sender settings without a From: `smtp://` is STARTTLS, `smtps://` TLS, `?tls=none` plain (loopback). */
export function smtpSettingsOf(smtpUrl: string): Omit<MailSenderSettings, 'from'> {
  const url = new URL(smtpUrl);
  const implicit = url.protocol === 'smtps:';
  const security: MailTransportSecurity = implicit ? 'implicit' : url.searchParams.get('tls') === 'none' ? 'none' : 'starttls';
  return {
    host: url.hostname, port: url.port === '' ? (implicit ? 465 : 587) : Number(url.port), security,
    ...(url.username === '' ? {} : { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }),
  };
}

/** The senders of the companies' answers, one per company and settings, closed with the service. */
export interface MailSenders {
  sender(companyRut: string): Promise<MailSender | undefined>;
  close(): Promise<void>;
}

/** Senders from each company's settings, else from SMTP_URL with the company's address as From; none without either. */
export function createMailSenders(store: Store, defaultSmtp: Omit<MailSenderSettings, 'from'> | null): MailSenders {
  const cache = new Map<string, { key: string; sender: SmtpMailSender }>();
  return {
    async sender(companyRut) {
      const settings: CompanyMailSettings | undefined = await store.companyMail.get(companyRut);
      const smtp = settings?.smtp ?? defaultSmtp;
      if (settings === undefined || smtp === null) return undefined;
      const full: MailSenderSettings = { ...smtp, from: settings.address };
      const key = JSON.stringify(full);
      const cached = cache.get(companyRut);
      if (cached?.key === key) return cached.sender;
      await cached?.sender.close();
      const sender = new SmtpMailSender(full);
      cache.set(companyRut, { key, sender });
      return sender;
    },
    async close() {
      for (const { sender } of cache.values()) await sender.close();
      cache.clear();
    },
  };
}

const MAILBOX_RETRY_MS = 60_000;

/** The mailbox intake and the outbox timer of the worker. */
export interface ReceivedMailWorker {
  /** Starts every configured mailbox and the outbox timer; returns the companies whose mailbox is read. */
  start(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Builds the worker over the received-documents service; a mailbox that cannot be reached is logged and retried by its intake. */
export function createReceivedMailWorker(options: { store: Store; received: ReceivedService; outboxSeconds: number; logger: Logger }): ReceivedMailWorker {
  const logger = options.logger.child({ component: 'received-mail' });
  const intakes: ImapMailboxIntake[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const retries = new Set<NodeJS.Timeout>();
  // A mailbox that refused its first connection is tried again later (a lost connection the intake re-establishes itself).
  const open = async (companyRut: string, intake: ImapMailboxIntake, handler: Parameters<ImapMailboxIntake['start']>[0], address: string): Promise<boolean> => {
    try {
      await intake.start(handler);
      return true;
    } catch (error) {
      logger.warn({ companyRut, mailbox: address, err: error instanceof Error ? error.message : String(error) }, 'mailbox not read; trying again in a minute');
      const retry = setTimeout(() => {
        retries.delete(retry);
        if (!stopped) void open(companyRut, intake, handler, address);
      }, MAILBOX_RETRY_MS);
      retry.unref();
      retries.add(retry);
      return false;
    }
  };
  const deliver = () => void options.received.deliverAnswers().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox delivery failed'));
  return {
    async start() {
      stopped = false;
      const started: string[] = [];
      for (const companyRut of await options.store.companyMail.companies()) {
        const settings = await options.store.companyMail.get(companyRut);
        if (settings?.mailbox === undefined) continue;
        const intake = new ImapMailboxIntake({ ...settings.mailbox, name: settings.address }, { logger: logger.child({ companyRut }) });
        const handle = options.received.mailHandler(companyRut);
        intakes.push(intake);
        const handler = async (mail: Parameters<typeof handle>[0]) => {
          await handle(mail);
          deliver();
        };
        if (await open(companyRut, intake, handler, settings.address)) started.push(companyRut);
      }
      deliver();
      timer = setInterval(deliver, options.outboxSeconds * 1000);
      timer.unref();
      return started;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const retry of retries) clearTimeout(retry);
      retries.clear();
      for (const intake of intakes.splice(0)) await intake.stop().catch(() => undefined);
    },
  };
}
