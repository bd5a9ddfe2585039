import { beforeAll, describe, expect, it } from 'vitest';
import { createReceivedService } from '../../src/app/received/index.ts';
import type { Actor, ReceivedService, Store } from '../../src/app/ports/index.ts';
import { siiCafCertificates } from '../../src/core/verify/sii-certificates.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { externalToolsAvailable, xmllintValidate } from '../support/external-tools.ts';
import { fixture, SCHEMA_INVALID_ENVELOPES } from '../core/verify/support/fixtures.ts';
import { sampleCompany } from '../store/store-fixtures.ts';

/** The company the SII's sample F000013T33 is addressed to, playing ours. */
const OURS = '77447842-6';
const actor: Actor = { subject: 'user:ana', role: 'issuer', companies: [OURS] };

/**
 * The SII's own sample envelopes taken by the service as a real supplier's would be, with the SII's
 * certificates trusted for CAFs: each kept, its real faults reported with the manual's codes, and a
 * RecepcionEnvio signed for it that the XSD accepts.
 */
describe("the SII's sample envelopes through the service", () => {
  let store: Store;
  let service: ReceivedService;

  beforeAll(async () => {
    const credentials = await testCredentials();
    store = (await openStore({ masterKey: Buffer.alloc(32, 7) })).store;
    await store.companies.save(sampleCompany(OURS));
    service = createReceivedService({
      store, certificate: async () => credentials.certificate, schemaValidator: sharedSchemaValidator(),
      trustedCafCertificates: siiCafCertificates(), clock: () => new Date('2026-11-21T12:00:00Z'),
    });
  });

  const cases: Array<[string, number]> = [
    ['F000013T33.xml', 0],
    ['F60T33-ejemplo-oficial-SII.xml', 2],
    ['BASICO_762352915.xml', 3],
    ...SCHEMA_INVALID_ENVELOPES.map((name): [string, number] => [name, 1]),
  ];

  it.each(cases)('%s: EstadoRecepEnv %i, kept, with a RecepcionEnvio valid against the XSD', async (name, code) => {
    const bytes = fixture(`envio/${name}`);
    const envelope = await service.receive(actor, OURS, bytes, name);
    expect(envelope.status.code).toBe(code);
    expect((await store.received.getOriginal(OURS, envelope.id))?.equals(bytes)).toBe(true);
    const [answer] = await store.received.answersOf(OURS, envelope.id);
    expect(answer?.kind).toBe('RecepcionEnvio');
    const xml = (await store.received.getAnswerXml(OURS, answer!.id))!;
    expect(xml.toString('latin1')).toContain(`<EstadoRecepEnv>${code}</EstadoRecepEnv>`);
    if (externalToolsAvailable) expect(xmllintValidate(xml, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
    if (code === 0) expect(envelope.documents.map((document) => [document.key, document.state])).toEqual([['76235291-5/33/13', 'received']]);
    else expect(envelope.documents.every((document) => document.state === 'refused')).toBe(true);
  });
});
