/**
 * A real SMTP server in the test process (the `smtp-server` package, by nodemailer's author) that
 * keeps every message it accepts, so tests read back what our sender delivered, parsed by mailparser.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { LoopbackCertificate } from './tls-certificate.ts';

export interface ReceivedMessage {
  /** The envelope's MAIL FROM and RCPT TO, as the client said them. */
  from: string | undefined;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpReceiver {
  host: '127.0.0.1';
  port: number;
  messages: ReceivedMessage[];
  /** Resolves once `count` messages arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  stop(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /** Require AUTH with this user and password. */
  credentials?: { user: string; password: string };
  /** Offer STARTTLS with this certificate (else the server offers no TLS). */
  tls?: LoopbackCertificate;
  /** Refuse every message with this 5xx answer. */
  refuseWith?: string;
}

/** Starts the receiver on a free loopback port. */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMessage[] = [];
  const server = new SMTPServer({
    authOptional: options.credentials === undefined,
    allowInsecureAuth: options.tls === undefined,
    disabledCommands: options.tls === undefined ? ['STARTTLS'] : [],
    ...(options.tls === undefined ? {} : { key: options.tls.key, cert: options.tls.certificate }),
    logger: false,
    onAuth(auth, _session, callback) {
      const wanted = options.credentials;
      if (wanted !== undefined && auth.username === wanted.user && auth.password === wanted.password) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (options.refuseWith !== undefined) {
          const refusal = Object.assign(new Error(options.refuseWith), { responseCode: 554 });
          return callback(refusal);
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          const from = session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address;
          messages.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, parsed });
          callback();
        }, callback);
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (typeof address === 'object' && address !== null) resolve(address.port);
      else reject(new Error('the SMTP receiver has no port'));
    });
  });
  return {
    host: '127.0.0.1',
    port,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`${messages.length} of ${count} messages arrived in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
