/** The received-document alert: its words, and Aceptar / Reclamar deciding as the Slack user's actor (receiver or admin only). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, ReceivedDocumentRecord, ReceivedService } from '../../src/app/ports/index.ts';
import { createReceivedService } from '../../src/app/received/index.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { createReceivedAlerts, pressReceivedButton, RECEIVED_ACTIONS, receivedMessage } from '../../src/slack/received-alerts.ts';
import type { SlackMessage } from '../../src/slack/slack-poster.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { CUSTOMER_RUT, supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { sampleCompany } from '../store/store-fixtures.ts';

const SAMPLE: ReceivedDocumentRecord = {
  id: 'r-1', companyRut: CUSTOMER_RUT, envelopeId: 'e-1', position: 1, TipoDTE: 33, Folio: 120, RUTEmisor: '76192083-9', RznSoc: 'Proveedor SpA',
  MntTotal: '1190000', status: { code: 0, glosa: 'DTE Recibido' }, checks: [], state: 'received', deadline: new Date('2026-12-14T12:00:00Z'),
  decision: undefined, decidedAt: undefined, createdAt: new Date('2026-12-06T12:00:00Z'),
} as unknown as ReceivedDocumentRecord;

function recordingPoster() {
  const posted: Array<{ channel: string; message: SlackMessage; user?: string }> = [];
  return {
    posted,
    post: async (channel: string, message: SlackMessage) => (posted.push({ channel, message }), '1.0'),
    postEphemeral: async (channel: string, user: string, message: SlackMessage) => void posted.push({ channel, message, user }),
  };
}

describe('the received-document alert', () => {
  it('says what came, for how much, and until when it may be claimed, with confirmed buttons', () => {
    const message = receivedMessage(SAMPLE);
    expect(message.text).toMatch(/^Factura\S* 120 de Proveedor SpA por \$1\.190\.000 recibida; plazo para reclamar: 14-12\.$/i);
    const buttons = (message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string; confirm?: unknown }> }>).find((block) => block.type === 'actions')!.elements!;
    expect(buttons.map((button) => [button.action_id, button.value, button.confirm !== undefined])).toEqual([[RECEIVED_ACTIONS.accept, 'r-1', true], [RECEIVED_ACTIONS.reject, 'r-1', true]]);
  });

  it('is posted to the company channel only when it has one', async () => {
    const poster = recordingPoster();
    const alerts = createReceivedAlerts({ poster, channels: { destination: async (rut) => (rut === CUSTOMER_RUT ? 'C-COMPRAS' : null) }, logger: createLogger({ level: 'silent' }) });
    await alerts(CUSTOMER_RUT, [SAMPLE]);
    await alerts('1-9', [SAMPLE]);
    expect(poster.posted.map((entry) => entry.channel)).toEqual(['C-COMPRAS']);
  });
});

describe('Aceptar and Reclamar', () => {
  let received: ReceivedService;
  let ids: string[];
  const actors: Record<string, Actor> = {
    U_RECEIVER: { subject: 'slack:rita', role: 'receiver', companies: [CUSTOMER_RUT] },
    U_VIEWER: { subject: 'slack:vera', role: 'viewer', companies: [CUSTOMER_RUT] },
  };

  beforeAll(async () => {
    const credentials = await testCredentials();
    const { store } = await openStore({ masterKey: Buffer.alloc(32, 9) });
    await store.companies.save(sampleCompany(CUSTOMER_RUT));
    received = createReceivedService({
      store, certificate: async () => credentials.certificate, schemaValidator: sharedSchemaValidator(), trustedCafCertificates: [credentials.authority], clock: () => new Date('2026-11-21T12:00:00Z'),
    });
    const admin: Actor = { subject: 'admin', role: 'admin', companies: [CUSTOMER_RUT] };
    const envelope = await received.receive(admin, CUSTOMER_RUT, await supplierEnvelope([await supplierFactura(351), await supplierFactura(352)]), 'EnvioDTE.xml');
    ids = envelope.documents.map((document) => document.id);
  });

  it('decide as the presser: a viewer is refused privately, a receiver accepts one and claims the other', async () => {
    const poster = recordingPoster();
    const press = (user: string, actionId: string, documentId: string) => pressReceivedButton(
      { actionId, documentId, team: 'T1', user, channel: 'C-COMPRAS', messageTs: '1.0' },
      { poster, received, actorOf: async (_team, id) => actors[id] },
    );
    await press('U_VIEWER', RECEIVED_ACTIONS.accept, ids[0]!);
    expect(poster.posted.at(-1)).toMatchObject({ user: 'U_VIEWER', message: { text: expect.stringMatching(/viewer.*receiver o admin/) } });
    await press('U_RECEIVER', RECEIVED_ACTIONS.accept, ids[0]!);
    await press('U_RECEIVER', RECEIVED_ACTIONS.reject, ids[1]!);
    const reader = actors.U_RECEIVER!;
    expect([(await received.get(reader, ids[0]!)).state, (await received.get(reader, ids[1]!)).state]).toEqual(['accepted', 'rejected']);
    expect(poster.posted.at(-1)!.message.text).toMatch(/<@U_RECEIVER> reclamó/);
    await press('U_UNKNOWN', RECEIVED_ACTIONS.accept, ids[0]!);
    expect(poster.posted.at(-1)).toMatchObject({ user: 'U_UNKNOWN' });
  });
});
