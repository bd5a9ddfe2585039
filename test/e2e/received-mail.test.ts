/**
 * Issue 18's "Must show", as far as built: a supplier's envelope of three facturas mailed to a real
 * IMAP box (dovecot) is taken, verified and stored; the RecepcionEnvio goes back through a real SMTP
 * receiver, valid against the XSD and xmlsec1; a decision accepted on one and rejected on another
 * sends the ResultadoDTE and EnvioRecibos and records the registry actions. The same mail twice is
 * processed once; a zip bomb is refused and kept as evidence; every mail ends in the processed folder.
 * The registry here is a recording fake of the port (the local SII's registry is not wired to this service yet).
 */
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, ReceivedService, RegistryAction, RegistryGatewayOpener, Store } from '../../src/app/ports/index.ts';
import { createReceivedService } from '../../src/app/received/index.ts';
import { ImapMailboxIntake, SmtpMailSender } from '../../src/mail/index.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import type { Database } from '../../src/store/database.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { dovecotMissing, startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { externalToolsAvailable, xmllintValidate, xmlsecVerify } from '../support/external-tools.ts';
import { appendMail, composeMail } from '../support/mail-messages.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { CUSTOMER_RUT, supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { sampleCompany } from '../store/store-fixtures.ts';

if (dovecotMissing !== undefined) console.warn(`received-mail end to end skipped: ${dovecotMissing}`);

const actor: Actor = { subject: 'user:compras', role: 'receiver', companies: [CUSTOMER_RUT] };

function recordingRegistry(calls: string[]): RegistryGatewayOpener {
  return () => ({
    async recordAction(document, action: RegistryAction) {
      calls.push(`${document.issuerRut}/${document.type}/${document.folio}:${action}`);
      return { kind: 'recorded', answer: { code: 0, meaning: 'Acción Completada OK', description: 'Acción Completada OK' } };
    },
    listEvents: async () => ({ kind: 'no_events', answer: { code: 16, meaning: '', description: '' } }),
    cedibility: async () => ({ kind: 'pending', answer: { code: 22, meaning: '', description: '' } }),
    receptionDate: async () => ({ kind: 'unknown' }),
  });
}

describe.skipIf(dovecotMissing !== undefined)('documents we receive, by mail end to end', () => {
  let dovecot: DovecotServer;
  let smtp: SmtpReceiver;
  let store: Store;
  let database: Database;
  let service: ReceivedService;
  let pem: string;
  const registry: string[] = [];

  beforeAll(async () => {
    const credentials = await testCredentials();
    pem = credentials.raw.company.certificatePem;
    [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpReceiver()]);
    ({ store, database } = await openStore({ masterKey: Buffer.alloc(32, 5) }));
    await store.companies.save(sampleCompany(CUSTOMER_RUT));
    const sender = new SmtpMailSender({ host: smtp.host, port: smtp.port, security: 'none', from: 'intercambio@empresa.example' });
    service = createReceivedService({
      store, certificate: async () => credentials.certificate, schemaValidator: sharedSchemaValidator(), trustedCafCertificates: [credentials.authority],
      clock: () => new Date(), mailSender: () => sender, registry: recordingRegistry(registry),
    });
  });
  afterAll(async () => {
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('takes the mail once, answers it, and mails the decisions', async () => {
    const envelope = await supplierEnvelope(await Promise.all([201, 202, 203].map((folio) => supplierFactura(folio))));
    const mail = await composeMail({ subject: 'Envío DTE', messageId: '<envio-1@proveedor.example>', attachments: [{ filename: 'EnvioDTE_201.xml', content: envelope }] });
    const bomb = zipSync({ 'bomba.xml': new Uint8Array(80 * 1024 * 1024) }, { level: 9 });
    await appendMail(dovecot, 'INBOX', mail, mail, await composeMail({ subject: 'Bomba', attachments: [{ filename: 'bomba.zip', content: bomb }] }));
    const intake = new ImapMailboxIntake({
      name: 'intercambio@empresa.example', host: dovecot.host, port: dovecot.port, security: 'none',
      user: dovecot.user, password: dovecot.password, processedFolder: 'Procesados', pollSeconds: 3600,
    });
    expect(await intake.drain(service.mailHandler(CUSTOMER_RUT))).toBe(3);
    expect(dovecot.storedMessages('Procesados')).toHaveLength(3);
    expect(dovecot.storedMessages('INBOX')).toHaveLength(0);

    const documents = (await service.list(actor, CUSTOMER_RUT)).items;
    expect(documents.map((document) => [document.Folio, document.state])).toEqual([[203, 'received'], [202, 'received'], [201, 'received']]);
    const { rows } = await database.query<{ file_name: string; status_code: number }>('SELECT file_name, status_code FROM received_envelopes ORDER BY cod_envio');
    expect(rows.map((row) => [row.file_name, row.status_code])).toEqual([['EnvioDTE_201.xml', 0], ['bomba.zip', 91]]);

    await service.deliverAnswers();
    const [reception] = await smtp.waitFor(1);
    expect(reception!.to).toEqual(['dte@proveedor.example']);
    const recepcion = reception!.parsed.attachments[0]!.content;
    expect(recepcion.toString('latin1').match(/<EstadoRecepDTE>0<\/EstadoRecepDTE>/g)).toHaveLength(3);
    if (externalToolsAvailable) {
      expect(xmllintValidate(recepcion, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
      expect(xmlsecVerify(recepcion, pem, 'Resultado').output).toMatch(/^OK$/m);
    }

    const [accepted, rejected] = [documents[2]!, documents[1]!];
    await service.decide(actor, accepted.id, { result: 'accepted', receipt: { recinto: 'Bodega Quilicura' } });
    await service.decide(actor, rejected.id, { result: 'rejected', reason: 'Mercadería no solicitada' });
    await service.decide(actor, rejected.id, { result: 'rejected', reason: 'Mercadería no solicitada' });
    await service.deliverAnswers();
    const answers = (await smtp.waitFor(4)).slice(1).map((message) => message.parsed.attachments[0]!);
    expect(answers.map((file) => file.filename!.replace(/_\d+/, ''))).toEqual(['ResultadoDTE.xml', 'EnvioRecibos.xml', 'ResultadoDTE.xml']);
    if (externalToolsAvailable) {
      expect(xmllintValidate(answers[0]!.content, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
      expect(xmllintValidate(answers[1]!.content, 'EnvioRecibos_v10.xsd').status).toBe(0);
      expect(xmllintValidate(answers[2]!.content, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
      expect(xmlsecVerify(answers[1]!.content, pem, 'SetRecibos').output).toMatch(/^OK$/m);
    }
    expect(registry).toEqual([`76192083-9/33/201:ACD`, `76192083-9/33/201:ERM`, `76192083-9/33/202:RCD`]);
  });
});

