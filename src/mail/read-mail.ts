import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { IncomingMail, MailMeta } from '../app/ports/mail.ts';
import type { ZipLimits } from '../core/intercambio/index.ts';
import { filesOfMail, firstAddress } from './mail-files.ts';

/** What reading one mail needs to know. */
export interface ReadContext {
  mailbox: string;
  folder: string;
  uidValidity: string;
  maxMessageBytes: number;
  zipLimits: ZipLimits;
}

/**
 * Reads the mail with `uid` from the open folder: its size first, then (when within the limit) the
 * whole message, parsed with mailparser into its files. A mail over the limit is not downloaded: it
 * is handed over with nothing read and a refusal saying so. Undefined when the mail is gone.
 */
export async function readMail(client: ImapFlow, uid: number, context: ReadContext): Promise<IncomingMail | undefined> {
  const head = await client.fetchOne(String(uid), { uid: true, size: true, envelope: true }, { uid: true });
  if (head === false) return undefined;
  const size = head.size ?? 0;
  const meta: MailMeta = {
    mailbox: context.mailbox,
    folder: context.folder,
    uid,
    uidValidity: context.uidValidity,
    size,
    ...(head.envelope?.messageId === undefined ? {} : { messageId: head.envelope.messageId }),
    ...(head.envelope?.subject === undefined ? {} : { subject: head.envelope.subject }),
  };
  if (size > context.maxMessageBytes) {
    return {
      ...meta,
      files: [],
      refused: [{ fileName: '(message)', reason: 'message-too-large', detail: `The mail is ${size} bytes; mails over ${context.maxMessageBytes} bytes are not downloaded.` }],
    };
  }
  const whole = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  if (whole === false || whole.source === undefined) return undefined;
  const parsed = await simpleParser(whole.source, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const from = firstAddress(parsed.from);
  const replyTo = firstAddress(parsed.replyTo);
  return {
    ...meta,
    ...(parsed.messageId === undefined ? {} : { messageId: parsed.messageId }),
    ...(parsed.subject === undefined ? {} : { subject: parsed.subject }),
    ...(parsed.date === undefined ? {} : { date: parsed.date }),
    ...(from === undefined ? {} : { from }),
    ...(replyTo === undefined ? {} : { replyTo }),
    ...filesOfMail(parsed, context.zipLimits),
  };
}
