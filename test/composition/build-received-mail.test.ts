/**
 * The running service's intercambio mail: the companies' mail settings are kept with their passwords
 * sealed; the worker reads a company's real IMAP box (dovecot) into intake and mails the RecepcionEnvio
 * through the company's SMTP settings to a real SMTP receiver; SMTP_URL is read as the manual says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Store } from '../../src/app/ports/index.ts';
import { createReceivedService } from '../../src/app/received/index.ts';
import { createMailSenders, createReceivedMailWorker, smtpSettingsOf } from '../../src/composition/build-received-mail.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import type { Database } from '../../src/store/database.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { dovecotMissing, startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { appendMail, composeMail } from '../support/mail-messages.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { CUSTOMER_RUT, supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { sampleCompany } from '../store/store-fixtures.ts';

describe('SMTP_URL', () => {
  it('reads STARTTLS, implicit TLS and a plain loopback server', () => {
    expect(smtpSettingsOf('smtp://user%40x:p%3Ass@mail.example')).toEqual({ host: 'mail.example', port: 587, security: 'starttls', user: 'user@x', password: 'p:ss' });
    expect(smtpSettingsOf('smtps://mail.example')).toEqual({ host: 'mail.example', port: 465, security: 'implicit' });
    expect(smtpSettingsOf('smtp://127.0.0.1:2525?tls=none')).toMatchObject({ port: 2525, security: 'none' });
  });
});

describe('company mail settings', () => {
  it('keep the passwords sealed and open them again', async () => {
    const { store, database } = await openStore({ masterKey: Buffer.alloc(32, 7) });
    const settings = {
      address: 'dte@empresa.example',
      mailbox: { host: 'imap.example', port: 993, security: 'implicit' as const, user: 'dte', password: 'clave-imap-secreta', processedFolder: 'Procesados' },
      smtp: { host: 'smtp.example', port: 587, security: 'starttls' as const, user: 'dte', password: 'clave-smtp-secreta' },
    };
    await store.companyMail.put(CUSTOMER_RUT, settings);
    expect(await store.companyMail.get(CUSTOMER_RUT)).toEqual(settings);
    expect(await store.companyMail.companies()).toEqual([CUSTOMER_RUT]);
    const { rows } = await database.query<{ value: string }>("SELECT value FROM settings WHERE key LIKE 'company-mail:%'");
    expect(rows[0]!.value).not.toContain('clave-');
    // A sealed password copied to another company does not open there.
    await database.query("INSERT INTO settings (key, value) VALUES ('company-mail:1-9', $1)", [rows[0]!.value]);
    await expect(store.companyMail.get('1-9')).rejects.toThrow();
    await database.close();
  });
});

describe.skipIf(dovecotMissing !== undefined)('the received-mail worker', () => {
  let dovecot: DovecotServer;
  let smtp: SmtpReceiver;
  let store: Store;
  let database: Database;

  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpReceiver()]);
    ({ store, database } = await openStore({ masterKey: Buffer.alloc(32, 5) }));
  });
  afterAll(async () => {
    await database?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('reads the configured mailbox into intake and mails the RecepcionEnvio with the company settings', async () => {
    const credentials = await testCredentials();
    await store.companies.save(sampleCompany(CUSTOMER_RUT));
    await store.companyMail.put(CUSTOMER_RUT, {
      address: 'intercambio@empresa.example',
      mailbox: { host: dovecot.host, port: dovecot.port, security: 'none', user: dovecot.user, password: dovecot.password, processedFolder: 'Procesados', pollSeconds: 3600 },
      smtp: { host: smtp.host, port: smtp.port, security: 'none' },
    });
    const senders = createMailSenders(store, null);
    const received = createReceivedService({
      store, certificate: async () => credentials.certificate, schemaValidator: sharedSchemaValidator(), trustedCafCertificates: [credentials.authority],
      clock: () => new Date(), mailSender: (companyRut) => senders.sender(companyRut),
    });
    const envelope = await supplierEnvelope([await supplierFactura(301)]);
    await appendMail(dovecot, 'INBOX', await composeMail({ subject: 'Envío DTE', attachments: [{ filename: 'EnvioDTE_301.xml', content: envelope }] }));
    const worker = createReceivedMailWorker({ store, received, outboxSeconds: 3600, logger: createLogger({ level: 'silent' }) });
    try {
      expect(await worker.start()).toEqual([CUSTOMER_RUT]);
      const [reception] = await smtp.waitFor(1);
      expect(reception!.from).toBe('intercambio@empresa.example');
      expect(reception!.parsed.attachments[0]!.content.toString('latin1')).toMatch(/<EstadoRecepDTE>0<\/EstadoRecepDTE>/);
      const actor: Actor = { subject: 'user:compras', role: 'receiver', companies: [CUSTOMER_RUT] };
      expect((await received.list(actor, CUSTOMER_RUT)).items.map((document) => document.Folio)).toEqual([301]);
      expect(dovecot.storedMessages('Procesados')).toHaveLength(1);
    } finally {
      await worker.stop();
      await senders.close();
    }
  });
});
