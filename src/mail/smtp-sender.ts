import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { MailSender, MailSenderSettings, OutgoingMail, SentMail } from '../app/ports/mail.ts';
import { DteError } from '../core/errors.ts';

/** What nodemailer attaches to an SMTP failure. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** 4xx answers and connection failures pass; a 5xx answer is the server refusing the message for good. */
function retryable(failure: SmtpFailure): boolean {
  return failure.responseCode === undefined || failure.responseCode < 500;
}

/**
 * Sends our answers over SMTP with nodemailer. The password goes only to the server's AUTH;
 * nodemailer's own logging is off, and a failure is a DELIVERY_FAILED DteError carrying the server's
 * answer (never the settings). Retryable unless the server refused the message with a 5xx.
 */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(private readonly settings: MailSenderSettings) {
    this.transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'implicit',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      ...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.password ?? '' } }),
      ...(settings.certificateAuthority === undefined ? {} : { tls: { ca: settings.certificateAuthority } }),
      logger: false,
      debug: false,
    });
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.inReplyTo === undefined ? {} : { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] }),
        attachments: mail.attachments.map((attachment) => ({
          filename: attachment.fileName,
          content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
          contentType: attachment.contentType,
        })),
      });
      const addresses = (list: unknown): string[] =>
        Array.isArray(list) ? list.map((entry: unknown) => (typeof entry === 'string' ? entry : String((entry as { address?: string }).address ?? ''))) : [];
      return { messageId: String(info.messageId), accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
    } catch (error) {
      const failure = (error ?? {}) as SmtpFailure;
      const answer = failure.response ?? failure.message ?? String(error);
      throw new DteError('DELIVERY_FAILED', `The mail to ${mail.to} was not sent: ${answer}`, { retryable: retryable(failure), details: { code: failure.code, responseCode: failure.responseCode } });
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
