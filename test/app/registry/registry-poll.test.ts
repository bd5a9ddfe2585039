import { beforeAll, describe, expect, it } from 'vitest';
import type {
  Actor, DocumentRecord, JobData, RegistryEvent, RegistryEventRecord, RegistryEventsResult, RegistryGateway, RegistryReceptionResult, Store,
} from '../../../src/app/ports/index.ts';
import { createRegistryPoll, createRegistryService, DEFAULT_REGISTRY_POLL_SETTINGS, REGISTRY_WINDOW_MS, type RegistryContext } from '../../../src/app/registry/index.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { randomRut, sampleCaf, sampleCompany, sampleIssued } from '../../store/store-fixtures.ts';

/** A registry that answers what the test put in it, counting calls. */
class FakeRegistry implements RegistryGateway {
  events: RegistryEvent[] = [];
  reception: RegistryReceptionResult = { kind: 'unknown' };
  calls: string[] = [];
  recordAction(): never {
    throw new Error('not used');
  }
  async listEvents(): Promise<RegistryEventsResult> {
    this.calls.push('listEvents');
    const answer = { code: this.events.length > 0 ? 15 : 16, meaning: '', description: '' };
    return this.events.length > 0 ? { kind: 'events', events: [...this.events], answer } : { kind: 'no_events', answer };
  }
  cedibility(): never {
    throw new Error('not used');
  }
  async receptionDate(): Promise<RegistryReceptionResult> {
    this.calls.push('receptionDate');
    return this.reception;
  }
}

/** A runner that records what was added. */
function recordingRunner() {
  const added: Array<{ name: string; data: JobData; delay: number | undefined; key: string | undefined }> = [];
  return { added, add: async (name: string, data: JobData, options?: { delay?: number; key?: string }) => void added.push({ name, data, delay: options?.delay, key: options?.key }) };
}

let store: Store;
let now = new Date('2026-12-01T12:00:00Z');
const claims: Array<{ document: DocumentRecord; claim: RegistryEventRecord }> = [];

beforeAll(async () => {
  ({ store } = await openStore({ masterKey: Buffer.alloc(32, 5) }));
});

async function acceptedDocument(type = 33): Promise<DocumentRecord> {
  const rut = randomRut();
  await store.companies.save(sampleCompany(rut));
  await store.cafs.add(rut, sampleCaf(rut, type, 1, 10));
  const id = await store.transaction(async (transaction) => {
    const { folio, cafId } = await transaction.folios.allocate(rut, type);
    return (await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, type, folio), cafId })).id;
  });
  for (const state of ['queued', 'submitted', 'accepted'] as const) await store.documents.transition(rut, id, state);
  return (await store.documents.get(rut, id))!;
}

function world(registry: FakeRegistry, random = () => 0.5) {
  const runner = recordingRunner();
  const context: RegistryContext = {
    store, gateways: async () => registry, runner, listeners: [{ documentClaimed: async (document, claim) => void claims.push({ document, claim }) }],
    settings: DEFAULT_REGISTRY_POLL_SETTINGS, clock: () => now, random,
  };
  return { runner, poll: createRegistryPoll(context), service: createRegistryService(context) };
}

const claim: RegistryEvent = { code: 'RFT', description: 'Reclamo por Falta Total de Mercaderías', responsibleRut: '77777777-7', at: '2026-12-03T14:00:00.000Z', siiTime: '03-12-2026 11:00:00' };

describe('the registry poll', () => {
  it('opens the window on acceptance and asks about ten minutes later; types the registry does not serve are not followed', async () => {
    const registry = new FakeRegistry();
    const { runner, poll } = world(registry);
    const document = await acceptedDocument();
    await poll.documentSettled(document);
    expect(runner.added).toEqual([{ name: 'registry-poll', data: { companyRut: document.companyRut, documentId: document.id }, delay: 600_000, key: `registry-poll:${document.id}` }]);
    const window = await store.registry.window(document.companyRut, document.id);
    expect(window?.status).toBe('pending');
    expect(window!.deadline.getTime() - window!.receivedAt.getTime()).toBe(REGISTRY_WINDOW_MS);
    const guia = await acceptedDocument(52);
    await poll.documentSettled(guia);
    expect(runner.added).toHaveLength(1);
    expect(await store.registry.window(guia.companyRut, guia.id)).toBeUndefined();
  });

  it('takes the SII reception date on the first round, then asks every 4 h ± 25 %, and once after the deadline, then stops', async () => {
    const registry = new FakeRegistry();
    registry.reception = { kind: 'received', receivedAt: '2026-12-01T11:30:00.000Z', siiTime: '01-12-2026 08:30:00' };
    const draws = [0, 1, 0.5];
    const { runner, poll } = world(registry, () => draws.shift() ?? 0.5);
    const document = await acceptedDocument();
    await poll.documentSettled(document);
    const handler = poll.handlers['registry-poll']!;
    const data = { companyRut: document.companyRut, documentId: document.id };
    now = new Date('2026-12-01T12:10:00Z');
    await handler(data, { name: 'registry-poll', attempt: 1, attempts: 5 });
    expect(await store.registry.window(document.companyRut, document.id)).toMatchObject({
      receivedAt: new Date('2026-12-01T11:30:00Z'), deadline: new Date('2026-12-09T11:30:00Z'), polls: 1, status: 'pending',
    });
    await handler(data, { name: 'registry-poll', attempt: 1, attempts: 5 });
    expect(runner.added.slice(1).map((job) => job.delay)).toEqual([3 * 3_600_000, 5 * 3_600_000]);
    now = new Date('2026-12-09T09:30:00Z');
    await handler(data, { name: 'registry-poll', attempt: 1, attempts: 5 });
    expect(runner.added.at(-1)?.delay).toBe(3 * 3_600_000);
    now = new Date('2026-12-09T12:30:00Z');
    await handler(data, { name: 'registry-poll', attempt: 1, attempts: 5 });
    const closed = await store.registry.window(document.companyRut, document.id);
    expect(closed).toMatchObject({ status: 'accepted_by_law', closedAt: now, polls: 4 });
    const queued = runner.added.length;
    await handler(data, { name: 'registry-poll', attempt: 1, attempts: 5 });
    expect(runner.added).toHaveLength(queued);
    expect(registry.calls.filter((call) => call === 'receptionDate')).toHaveLength(1);
    expect(registry.calls.filter((call) => call === 'listEvents')).toHaveLength(4);
  });

  it('stores a claim once and tells of it once, even when asked again by a person and by the poll', async () => {
    now = new Date('2026-12-01T12:10:00Z');
    const registry = new FakeRegistry();
    const { poll, service } = world(registry);
    const document = await acceptedDocument();
    await poll.documentSettled(document);
    registry.events = [claim];
    const actor: Actor = { subject: 'staff', role: 'viewer', companies: [document.companyRut] };
    const before = claims.length;
    const first = await service.refresh(actor, document.id);
    expect(first).toMatchObject({ receiverStatus: 'claimed', events: [{ code: 'RFT', at: claim.at, responsibleRut: '77777777-7' }] });
    await poll.handlers['registry-poll']!({ companyRut: document.companyRut, documentId: document.id }, { name: 'registry-poll', attempt: 1, attempts: 5 });
    expect(claims.slice(before).map((told) => told.claim.code)).toEqual(['RFT']);
    expect((await service.events(actor, document.id)).events).toHaveLength(1);
    await expect(service.events({ ...actor, companies: [randomRut()] }, document.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('queues every open window again after a restart, when due and spread out, never at once', async () => {
    const registry = new FakeRegistry();
    const { poll } = world(registry, () => 1);
    const document = await acceptedDocument();
    await poll.documentSettled(document);
    const { runner, poll: restarted } = world(registry, () => 1);
    const count = await restarted.recover();
    expect(count).toBeGreaterThanOrEqual(1);
    const mine = runner.added.find((job) => job.data.documentId === document.id);
    expect(mine?.delay).toBe(DEFAULT_REGISTRY_POLL_SETTINGS.recoverySpreadMs);
    expect(mine?.key).toBe(`registry-poll:${document.id}`);
  });
});
