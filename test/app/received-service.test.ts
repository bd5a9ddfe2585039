import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceivedService } from '../../src/app/received/index.ts';
import type { Actor, ReceivedService, RegistryAction, RegistryDocument, RegistryGatewayOpener, Store } from '../../src/app/ports/index.ts';
import { SmtpMailSender } from '../../src/mail/index.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { externalToolsAvailable, xmllintValidate, xmlsecVerify } from '../support/external-tools.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { CUSTOMER_RUT, supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { sampleCompany } from '../store/store-fixtures.ts';

const actor: Actor = { subject: 'user:ana', role: 'admin', companies: [CUSTOMER_RUT] };
const RECEIVED_AT = new Date('2026-11-21T12:00:00Z');

/** A registry that records every action asked of it and answers "recorded" (codResp 0), then "already recorded" (7). */
function recordingRegistry(calls: Array<[RegistryDocument, RegistryAction]>): RegistryGatewayOpener {
  return () => ({
    async recordAction(document, action) {
      const repeat = calls.some(([earlier, earlierAction]) => earlier.folio === document.folio && earlierAction === action);
      calls.push([document, action]);
      return repeat
        ? { kind: 'refused', reason: 'already_recorded', answer: { code: 7, meaning: 'Evento registrado previamente', description: 'Evento registrado previamente' } }
        : { kind: 'recorded', answer: { code: 0, meaning: 'Acción Completada OK', description: 'Acción Completada OK' } };
    },
    listEvents: async () => ({ kind: 'no_events', answer: { code: 16, meaning: '', description: '' } }),
    cedibility: async () => ({ kind: 'pending', answer: { code: 22, meaning: '', description: '' } }),
    receptionDate: async () => (siiReception === undefined ? { kind: 'unknown' } : { kind: 'received', receivedAt: siiReception, siiTime: siiReception }),
  });
}

/** When the SII's registry says it received the documents (undefined: it does not know). */
let siiReception: string | undefined;

describe('received documents service', () => {
  let store: Store;
  let smtp: SmtpReceiver;
  let service: ReceivedService;
  let now = RECEIVED_AT;
  const registryCalls: Array<[RegistryDocument, RegistryAction]> = [];
  let pem = '';

  beforeAll(async () => {
    const credentials = await testCredentials();
    pem = credentials.raw.company.certificatePem;
    store = (await openStore({ masterKey: Buffer.alloc(32, 3) })).store;
    await store.companies.save(sampleCompany(CUSTOMER_RUT));
    smtp = await startSmtpReceiver();
    const sender = new SmtpMailSender({ host: smtp.host, port: smtp.port, security: 'none', from: 'dte@cliente.cl' });
    service = createReceivedService({
      store,
      certificate: async () => credentials.certificate,
      schemaValidator: sharedSchemaValidator(),
      trustedCafCertificates: [credentials.authority],
      clock: () => now,
      mailSender: (company) => (company === CUSTOMER_RUT ? sender : undefined),
      registry: recordingRegistry(registryCalls),
    });
  });
  afterAll(async () => smtp?.stop());

  it('takes an envelope of three facturas once, answers it with a signed RecepcionEnvio, and mails it to the sender', async () => {
    const envelope = await supplierEnvelope(await Promise.all([301, 302, 303].map((folio) => supplierFactura(folio))));
    const handler = service.mailHandler(CUSTOMER_RUT);
    const mail = { mailbox: 'compras', folder: 'INBOX', uid: 1, uidValidity: '1', size: envelope.length, from: 'facturas@proveedor.cl', messageId: '<m1@proveedor.cl>', files: [{ fileName: 'envio.xml', bytes: envelope, root: 'EnvioDTE' }], refused: [] };
    await handler(mail);
    await handler(mail);
    const list = await service.list(actor, CUSTOMER_RUT);
    expect(list.items.map((document) => [document.Folio, document.state])).toEqual([[303, 'received'], [302, 'received'], [301, 'received']]);
    expect(list.items[0]!.deadline?.toISOString()).toBe('2026-11-29T12:00:00.000Z');
    await service.deliverAnswers();
    const [message] = await smtp.waitFor(1);
    expect(message!.to).toEqual(['facturas@proveedor.cl']);
    expect(message!.parsed.inReplyTo).toBe('<m1@proveedor.cl>');
    const xml = message!.parsed.attachments[0]!.content;
    expect(xml.toString('latin1')).toContain('<EstadoRecepEnv>0</EstadoRecepEnv>');
    expect(xml.toString('latin1').match(/<EstadoRecepDTE>0<\/EstadoRecepDTE>/g)).toHaveLength(3);
    if (externalToolsAvailable) {
      expect(xmllintValidate(xml, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
      expect(xmlsecVerify(xml, pem, 'Resultado').output).toMatch(/^OK$/m);
    }
    const shown = await service.get(actor, list.items[2]!.id);
    expect(shown.answers.map((answer) => [answer.kind, answer.state])).toEqual([['RecepcionEnvio', 'sent']]);
    expect((await service.xml(actor, shown.id)).toString('latin1')).toContain('<Folio>301</Folio>');
    await expect(service.get({ ...actor, companies: ['76192083-9'] }, shown.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses the same envelope resent under another name as a repeat (90), and a hostile file as unreadable (91), keeping both', async () => {
    const envelope = await supplierEnvelope([await supplierFactura(310)]);
    const first = await service.receive(actor, CUSTOMER_RUT, envelope, 'a.xml');
    expect(first.status.code).toBe(0);
    const resent = Buffer.concat([envelope, Buffer.from('\n')]);
    const again = await service.receive(actor, CUSTOMER_RUT, resent, 'b.xml');
    expect([again.repeated, again.status.code, again.documents[0]!.state]).toEqual([false, 90, 'refused']);
    const xxe = Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE EnvioDTE [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<EnvioDTE>&x;</EnvioDTE>\n');
    const hostile = await service.receive(actor, CUSTOMER_RUT, xxe, 'xxe.xml');
    expect([hostile.status.code, hostile.kept, hostile.documents]).toEqual([91, true, []]);
    expect((await store.received.getOriginal(CUSTOMER_RUT, hostile.id))?.equals(xxe)).toBe(true);
    expect((await service.receive(actor, CUSTOMER_RUT, xxe, 'xxe.xml')).repeated).toBe(true);
  });

  it('records a decision once: registry action, signed ResultadoDTE and EnvioRecibos mailed; the same again is a replay; another a conflict', async () => {
    const [accepted, rejected] = (await service.list(actor, CUSTOMER_RUT, { state: 'received' })).items.filter((document) => [301, 302].includes(document.Folio!));
    const before = smtp.messages.length;
    const decision = await service.decide(actor, accepted!.id, { result: 'accepted', receipt: { recinto: 'Bodega central' } });
    expect(decision.replayed).toBe(false);
    expect(decision.document.state).toBe('accepted');
    expect((await service.decide(actor, accepted!.id, { result: 'accepted', receipt: { recinto: 'Bodega central' } })).replayed).toBe(true);
    await expect(service.decide(actor, accepted!.id, { result: 'rejected', reason: 'No' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(service.decide(actor, rejected!.id, { result: 'rejected' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await service.decide(actor, rejected!.id, { result: 'rejected', reason: 'Precio no convenido' });
    expect(registryCalls.map(([document, action]) => `${document.folio}:${action}`)).toEqual([`${accepted!.Folio}:ACD`, `${accepted!.Folio}:ERM`, `${rejected!.Folio}:RCD`]);
    await service.deliverAnswers();
    const messages = (await smtp.waitFor(before + 3)).slice(before);
    const files = messages.map((message) => message.parsed.attachments[0]!);
    expect(files.map((file) => file.filename?.replace(/_\d+/, ''))).toEqual(['ResultadoDTE.xml', 'EnvioRecibos.xml', 'ResultadoDTE.xml']);
    expect(files[0]!.content.toString('latin1')).toContain('<EstadoDTE>0</EstadoDTE>');
    expect(files[2]!.content.toString('latin1')).toContain('<EstadoDTE>2</EstadoDTE>');
    if (externalToolsAvailable) {
      expect(xmllintValidate(files[0]!.content, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
      expect(xmllintValidate(files[1]!.content, 'EnvioRecibos_v10.xsd').status).toBe(0);
    }
    const audit = await store.audit.list(CUSTOMER_RUT);
    expect(audit.filter((entry) => entry.action === 'received.decide')).toHaveLength(2);
  });

  it('takes two identical decisions sent at once as one and its replay', async () => {
    const target = (await service.list(actor, CUSTOMER_RUT, { state: 'received' })).items.find((document) => document.Folio === 303)!;
    const command = { result: 'accepted_with_discrepancies' as const, reason: 'Falta una caja' };
    const outcomes = await Promise.all([service.decide(actor, target.id, command), service.decide(actor, target.id, command)]);
    expect(outcomes.map((outcome) => outcome.replayed).sort()).toEqual([false, true]);
    expect(outcomes.map((outcome) => outcome.document.state)).toEqual(['accepted_with_discrepancies', 'accepted_with_discrepancies']);
    expect((await service.get(actor, target.id)).answers.filter((answer) => answer.kind === 'ResultadoDTE')).toHaveLength(1);
  });

  it('refuses a decision after the eight days', async () => {
    const [open] = (await service.list(actor, CUSTOMER_RUT, { state: 'received' })).items;
    now = new Date('2026-11-30T00:00:00Z');
    try {
      await expect(service.decide(actor, open!.id, { result: 'accepted' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/eight days/) });
      expect((await service.get(actor, open!.id)).state).toBe('received');
    } finally {
      now = RECEIVED_AT;
    }
  });

  it("counts the eight days from the SII's reception date once the registry tells it", async () => {
    const [open] = (await service.list(actor, CUSTOMER_RUT, { state: 'received' })).items;
    now = new Date('2026-11-30T00:00:00Z');
    siiReception = '2026-11-25T12:00:00.000Z';
    try {
      await service.decide(actor, open!.id, { result: 'accepted' });
      const decided = await service.get(actor, open!.id);
      expect(decided.state).not.toBe('received');
      expect(decided.deadline?.toISOString()).toBe('2026-12-03T12:00:00.000Z');
    } finally {
      now = RECEIVED_AT;
      siiReception = undefined;
    }
  });
});
