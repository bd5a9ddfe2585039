/**
 * Mail for the mailbox tests: RFC 822 messages composed by nodemailer's MailComposer (as a supplier's
 * mailer would write them), delivered to a test IMAP server with APPEND.
 */
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { DovecotServer } from './dovecot.ts';

export interface TestAttachment {
  filename: string;
  content: Uint8Array;
  contentType?: string;
}

/** A supplier's mail with attachments, as bytes. */
export async function composeMail(options: { subject: string; attachments: TestAttachment[]; from?: string; replyTo?: string; messageId?: string }): Promise<Buffer> {
  const composer = new MailComposer({
    from: options.from ?? 'Proveedor SpA <dte@proveedor.example>',
    ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }),
    to: 'intercambio@empresa.example',
    subject: options.subject,
    text: 'Adjuntamos el envío de documentos tributarios electrónicos.',
    ...(options.messageId === undefined ? {} : { messageId: options.messageId }),
    attachments: options.attachments.map((attachment) => ({
      filename: attachment.filename,
      content: Buffer.from(attachment.content),
      contentType: attachment.contentType ?? (attachment.filename.endsWith('.zip') ? 'application/zip' : 'application/xml'),
    })),
  });
  return composer.compile().build();
}

/** Appends messages to a folder of the test server (IMAP APPEND), as a mail delivery would. */
export async function appendMail(server: DovecotServer, folder: string, ...messages: Buffer[]): Promise<void> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, doSTARTTLS: false, auth: { user: server.user, pass: server.password }, logger: false });
  await client.connect();
  try {
    for (const message of messages) await client.append(folder, message);
  } finally {
    await client.logout();
  }
}
