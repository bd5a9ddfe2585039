/**
 * The mailbox adapter (DESIGN.md: a driven adapter of its own): IMAP intake of suppliers' envelopes
 * with imapflow and mailparser, and SMTP sending of our answers with nodemailer. It implements the
 * mail ports of src/app/ports/mail.ts over the core's intercambio helpers.
 */
export { ImapMailboxIntake } from './imap-intake.ts';
export type { ImapIntakeOptions, ListeningMode } from './imap-intake.ts';
export { SmtpMailSender } from './smtp-sender.ts';
export { filesOfMail } from './mail-files.ts';
