/**
 * The IMAP intake against a real dovecot (test/support/dovecot.ts): mail is APPENDed to the box as a
 * delivery would leave it, the adapter takes it, and what dovecot stored on disk says where it ended.
 */
import { Writable } from 'node:stream';
import { zipSync } from 'fflate';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMail, MailboxSettings } from '../../src/app/ports/mail.ts';
import { ImapMailboxIntake } from '../../src/mail/index.ts';
import { dovecotMissing, startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { appendMail, composeMail } from '../support/mail-messages.ts';
import { loopbackCertificate } from '../support/tls-certificate.ts';
import { fixture } from '../core/verify/support/fixtures.ts';
import { skipping } from '../support/skip-reason.ts';

if (dovecotMissing !== undefined) console.warn(`IMAP intake tests skipped: ${dovecotMissing}`);

const ENVELOPE = fixture('envio/F000013T33.xml');
const PROCESSED = 'Procesados';

function settingsFor(server: DovecotServer, overrides: Partial<MailboxSettings> = {}): MailboxSettings {
  return {
    name: 'intercambio@empresa.example', host: server.host, port: server.port, security: 'none',
    user: server.user, password: server.password, processedFolder: PROCESSED, pollSeconds: 3600, ...overrides,
  };
}

/** A handler that records what it was given. */
function recorder(): { mails: IncomingMail[]; handler: (mail: IncomingMail) => Promise<void> } {
  const mails: IncomingMail[] = [];
  return { mails, handler: async (mail) => void mails.push(mail) };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A pino logger whose lines are kept, to show what the adapter logs. */
function capturedLogger(): { lines: string[]; logger: pino.Logger } {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

describe.skipIf(skipping('IMAP intake on a real dovecot', dovecotMissing))(`IMAP intake on a real dovecot${dovecotMissing === undefined ? '' : ` (skipped: ${dovecotMissing})`}`, () => {
  let server: DovecotServer;
  const running: ImapMailboxIntake[] = [];

  beforeAll(async () => {
    server = await startDovecot();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((intake) => intake.stop()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('hands over an attached EnvioDTE byte for byte with the mail\'s facts, then moves the mail to the processed folder', async () => {
    const mail = await composeMail({ subject: 'Envío F13', attachments: [{ filename: 'F000013T33.xml', content: ENVELOPE }], replyTo: 'intercambio@proveedor.example', messageId: '<envio-13@proveedor.example>' });
    await appendMail(server, 'INBOX', mail);
    const { mails, handler } = recorder();
    const moved = await new ImapMailboxIntake(settingsFor(server)).drain(handler);
    expect(moved).toBe(1);
    expect(mails).toHaveLength(1);
    const [taken] = mails;
    expect(taken!.files).toHaveLength(1);
    expect(taken!.files[0]!.fileName).toBe('F000013T33.xml');
    expect(taken!.files[0]!.root).toBe('EnvioDTE');
    expect(Buffer.from(taken!.files[0]!.bytes).equals(ENVELOPE)).toBe(true);
    expect(taken).toMatchObject({ from: 'dte@proveedor.example', replyTo: 'intercambio@proveedor.example', messageId: '<envio-13@proveedor.example>', subject: 'Envío F13', folder: 'INBOX', refused: [] });
    expect(server.storedMessages('INBOX')).toHaveLength(0);
    expect(server.storedMessages(PROCESSED).filter((stored) => stored.includes('envio-13@proveedor.example'))).toHaveLength(1);
  });

  it('takes the EnvioDTE out of a zip attachment', async () => {
    const zip = zipSync({ 'envio/F000013T33.xml': ENVELOPE, 'leeme.txt': new TextEncoder().encode('hola') });
    await appendMail(server, 'INBOX', await composeMail({ subject: 'Envío comprimido', attachments: [{ filename: 'envio.zip', content: zip }] }));
    const { mails, handler } = recorder();
    await new ImapMailboxIntake(settingsFor(server)).drain(handler);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.files).toHaveLength(1);
    expect(mails[0]!.files[0]).toMatchObject({ fileName: 'envio/F000013T33.xml', fromZip: 'envio.zip', root: 'EnvioDTE' });
    expect(Buffer.from(mails[0]!.files[0]!.bytes).equals(ENVELOPE)).toBe(true);
  });

  it('leaves the mail where it was when the handler throws, and takes it on a later read', async () => {
    await appendMail(server, 'INBOX', await composeMail({ subject: 'Falla', attachments: [{ filename: 'envio.xml', content: ENVELOPE }] }));
    const processedBefore = server.storedMessages(PROCESSED).length;
    const failing = new ImapMailboxIntake(settingsFor(server));
    await expect(failing.drain(async () => { throw new Error('the store is down'); })).resolves.toBe(0);
    expect(server.storedMessages('INBOX')).toHaveLength(1);
    expect(server.storedMessages(PROCESSED)).toHaveLength(processedBefore);
    const { mails, handler } = recorder();
    await expect(new ImapMailboxIntake(settingsFor(server)).drain(handler)).resolves.toBe(1);
    expect(mails[0]!.subject).toBe('Falla');
    expect(server.storedMessages('INBOX')).toHaveLength(0);
  });

  it('hands the same mail delivered twice over twice: telling them apart is the handler\'s job (by the envelope digest)', async () => {
    const message = await composeMail({ subject: 'Duplicado', attachments: [{ filename: 'envio.xml', content: ENVELOPE }], messageId: '<duplicado@proveedor.example>' });
    await appendMail(server, 'INBOX', message, message);
    const { mails, handler } = recorder();
    await expect(new ImapMailboxIntake(settingsFor(server)).drain(handler)).resolves.toBe(2);
    expect(mails.map((mail) => mail.messageId)).toEqual(['<duplicado@proveedor.example>', '<duplicado@proveedor.example>']);
    expect(new Set(mails.map((mail) => mail.uid)).size).toBe(2);
    expect(Buffer.from(mails[0]!.files[0]!.bytes).equals(Buffer.from(mails[1]!.files[0]!.bytes))).toBe(true);
  });

  it('picks a new mail up through IDLE, without waiting for a poll', async () => {
    const { mails, handler } = recorder();
    const intake = new ImapMailboxIntake(settingsFor(server, { pollSeconds: 3600 }));
    running.push(intake);
    await intake.start(handler);
    expect(intake.listening).toBe('idle');
    await appendMail(server, 'INBOX', await composeMail({ subject: 'Llega durante IDLE', attachments: [{ filename: 'envio.xml', content: ENVELOPE }] }));
    await until(() => mails.length === 1);
    expect(mails[0]!.subject).toBe('Llega durante IDLE');
    await until(() => server.storedMessages('INBOX').length === 0);
  });

  it('hands a mail over the size limit over as refused, without reading it', async () => {
    await appendMail(server, 'INBOX', await composeMail({ subject: 'Enorme', attachments: [{ filename: 'envio.xml', content: ENVELOPE }] }));
    const { mails, handler } = recorder();
    await new ImapMailboxIntake(settingsFor(server, { maxMessageBytes: 2_000 })).drain(handler);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.files).toEqual([]);
    expect(mails[0]!.refused).toEqual([expect.objectContaining({ reason: 'message-too-large' })]);
    expect(mails[0]!.size).toBeGreaterThan(2_000);
  });

  it('refuses a zip bomb attachment by its declared size instead of expanding it', async () => {
    const bomb = zipSync({ 'bomba.xml': new Uint8Array(80 * 1024 * 1024) }, { level: 9 });
    await appendMail(server, 'INBOX', await composeMail({ subject: 'Bomba', attachments: [{ filename: 'bomba.zip', content: bomb }] }));
    const { mails, handler } = recorder();
    await new ImapMailboxIntake(settingsFor(server)).drain(handler);
    expect(mails[0]!.files).toEqual([]);
    expect(mails[0]!.refused).toEqual([expect.objectContaining({ fileName: 'bomba.zip', reason: 'zip-too-large' })]);
  });

  it('never logs the password, nor puts it in the error of a refused login', async () => {
    const { lines, logger } = capturedLogger();
    await appendMail(server, 'INBOX', await composeMail({ subject: 'Registro', attachments: [{ filename: 'envio.xml', content: ENVELOPE }] }));
    await new ImapMailboxIntake(settingsFor(server), { logger }).drain(recorder().handler);
    expect(lines.join('\n')).toContain('mail taken');
    const wrong = `wrong-${server.password}`;
    const refused = new ImapMailboxIntake(settingsFor(server, { password: wrong }), { logger });
    const error = await refused.drain(recorder().handler).then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(lines.join('\n')).not.toContain(server.password);
  });
});

describe.skipIf(dovecotMissing !== undefined)('IMAP intake on a dovecot without IDLE, and over TLS', () => {
  let plain: DovecotServer;
  let secured: DovecotServer;
  const running: ImapMailboxIntake[] = [];
  const tls = loopbackCertificate();

  beforeAll(async () => {
    [plain, secured] = await Promise.all([startDovecot({ idle: false }), startDovecot({ tls })]);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((intake) => intake.stop()));
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), secured?.stop()]);
  });

  it('polls every pollSeconds when the server offers no IDLE', async () => {
    const { mails, handler } = recorder();
    const intake = new ImapMailboxIntake(settingsFor(plain, { pollSeconds: 1 }));
    running.push(intake);
    await intake.start(handler);
    expect(intake.listening).toBe('poll');
    await appendMail(plain, 'INBOX', await composeMail({ subject: 'Por sondeo', attachments: [{ filename: 'envio.xml', content: ENVELOPE }] }));
    await until(() => mails.length === 1);
    expect(mails[0]!.subject).toBe('Por sondeo');
  });

  it('reads over implicit TLS, trusting the configured certificate authority, and refuses an untrusted server', async () => {
    await appendMail(secured, 'INBOX', await composeMail({ subject: 'Por TLS', attachments: [{ filename: 'envio.xml', content: ENVELOPE }] }));
    const overTls = { port: secured.tlsPort!, security: 'implicit' as const };
    await expect(new ImapMailboxIntake(settingsFor(secured, overTls)).drain(recorder().handler)).rejects.toThrow();
    const { mails, handler } = recorder();
    await expect(new ImapMailboxIntake(settingsFor(secured, { ...overTls, certificateAuthority: tls.certificate })).drain(handler)).resolves.toBe(1);
    expect(mails[0]!.subject).toBe('Por TLS');
  });
});
