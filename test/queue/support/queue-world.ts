import { randomBytes } from 'node:crypto';
import { SignerCache } from '../../../src/app/signer-cache.ts';
import { createNotifications, createOdooClient } from '../../../src/notify/index.ts';
import { createSubmissionQueue, type RecoveryReport, type SubmissionQueue, type SubmissionSettings } from '../../../src/app/submission/index.ts';
import type { JobRunner, QueueObserver, RetryPolicies } from '../../../src/app/ports/index.ts';
import type { DocumentRecord, OdooReference, Store } from '../../../src/app/ports/index.ts';
import { createStore, migrate, type Database } from '../../../src/store/index.ts';
import { createPgliteDatabase } from '../../../src/store/pglite-database.ts';
import { FakeOdoo } from '../../notify/support/fake-odoo.ts';
import { WebhookReceiver } from '../../notify/support/webhook-receiver.ts';
import { randomRut, sampleCompany, sampleIssued } from '../../store/store-fixtures.ts';
import { testCredentials, type OpenedCredentials } from '../../support/credentials.ts';
import { FakeSii } from './fake-sii.ts';

/** Makes a fresh runner for one test; the queue closes it. */
export type RunnerFactory = (policies: RetryPolicies) => JobRunner;

/** Fast retries, so failures and their retries fit in a test. */
export const TEST_POLICIES: RetryPolicies = {
  default: { attempts: 4, baseDelayMs: 20, maxDelayMs: 80 },
  byName: {
    submit: { attempts: 4, baseDelayMs: 30, maxDelayMs: 100 },
    status: { attempts: 3, baseDelayMs: 20, maxDelayMs: 60 },
    webhook: { attempts: 4, baseDelayMs: 30, maxDelayMs: 100 },
    odoo: { attempts: 4, baseDelayMs: 30, maxDelayMs: 100 },
  },
};

/** Short waits everywhere; no sweep (tests call recover themselves). */
export const TEST_SETTINGS: Partial<SubmissionSettings> = {
  maxDocumentsPerEnvelope: 3, maxWaitMs: 40, statusFirstDelayMs: 20, statusMaxDelayMs: 80,
  siiTimeoutMs: 300, repeatWindowMs: 0, sweepIntervalMs: 0, depthIntervalMs: 0,
};

/** The webhook secret of the tests. */
export const WEBHOOK_SECRET = randomBytes(24).toString('hex');

/** What the observer heard. */
export interface Observed {
  siiCalls: string[];
  states: string[];
}

/**
 * Everything a queue test needs: an in-memory PGlite store, one test certificate, a fake SII per
 * company, a webhook receiver and a fake Odoo (JSON-2) on 127.0.0.1.
 */
export class QueueWorld {
  readonly fakes = new Map<string, FakeSii>();
  readonly receiver = new WebhookReceiver();
  readonly odoo = new FakeOdoo({ apiKey: randomBytes(20).toString('hex'), database: 'dte-test', username: 'bot', password: randomBytes(12).toString('hex') });
  receiverUrl = '';
  odooUrl = '';
  readonly signers: SignerCache;
  private readonly queues: SubmissionQueue[] = [];

  private constructor(readonly database: Database, readonly store: Store, readonly credentials: OpenedCredentials) {
    this.signers = new SignerCache([credentials.authority], undefined);
  }

  static async open(): Promise<QueueWorld> {
    const database = await createPgliteDatabase();
    await migrate(database);
    const world = new QueueWorld(database, createStore(database, { masterKey: randomBytes(32) }), await testCredentials());
    world.receiverUrl = await world.receiver.start();
    world.odooUrl = await world.odoo.start();
    return world;
  }

  /** A company of its own (a random RUT) with the test certificate, and its fake SII. */
  async company(rut = randomRut()): Promise<{ rut: string; sii: FakeSii }> {
    await this.store.companies.save(sampleCompany(rut));
    const { certificate, raw } = this.credentials;
    await this.store.certificates.add(rut, {
      pkcs12: raw.company.p12, password: raw.company.password, subject: certificate.subjectName,
      signerRut: certificate.signerRut ?? null, validFrom: certificate.validFrom, validTo: certificate.validTo,
    });
    const sii = new FakeSii();
    this.fakes.set(rut, sii);
    return { rut, sii };
  }

  /** A stored document in state `signed`, with a stand-in signed DTE the envelope builder accepts. */
  async document(companyRut: string, folio: number, options: { type?: number; callbackUrl?: string; odooReference?: OdooReference } = {}): Promise<DocumentRecord> {
    const type = options.type ?? 33;
    const xml = Buffer.from([
      '<?xml version="1.0" encoding="ISO-8859-1"?>', '<DTE version="1.0">', `<Documento ID="F${folio}T${type}">`, '<Encabezado>',
      `<IdDoc><TipoDTE>${type}</TipoDTE><Folio>${folio}</Folio></IdDoc>`, `<Emisor><RUTEmisor>${companyRut}</RUTEmisor></Emisor>`,
      '</Encabezado>', '</Documento>', '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>', '</DTE>', '',
    ].join('\n'), 'latin1');
    return this.store.documents.insertSigned(companyRut, {
      issued: { ...sampleIssued(companyRut, type, folio), xml },
      ...(options.callbackUrl === undefined ? {} : { callbackUrl: options.callbackUrl }),
      ...(options.odooReference === undefined ? {} : { odooReference: options.odooReference }),
    });
  }

  /** A started queue on a fresh runner, with webhooks and Odoo (JSON-2) wired as src/main.ts would. */
  async startQueue(
    createRunner: RunnerFactory, settings: Partial<SubmissionSettings> = {},
  ): Promise<{ queue: SubmissionQueue; observed: Observed; report: RecoveryReport }> {
    const runner = createRunner(TEST_POLICIES);
    const observed: Observed = { siiCalls: [], states: [] };
    const observer: QueueObserver = {
      siiCall: (operation, outcome) => observed.siiCalls.push(`${operation}:${outcome}`),
      documentState: (_type, state) => observed.states.push(state),
    };
    const listener = createNotifications({
      // The receivers of these tests listen on 127.0.0.1.
      runner, store: this.store, webhookSecret: WEBHOOK_SECRET, webhookTimeoutMs: 1_000, allowPrivateCallbacks: true,
      odoo: { client: createOdooClient({ protocol: 'json-2', url: this.odooUrl, database: 'dte-test', apiKey: this.odoo.credentials.apiKey }) },
    });
    const queue = createSubmissionQueue({
      store: this.store, runner, certificates: this.signers, listeners: [listener], observer,
      gateways: async (companyRut) => {
        const fake = this.fakes.get(companyRut);
        if (fake === undefined) throw new Error(`No fake SII for ${companyRut}.`);
        return fake;
      },
      settings: { ...TEST_SETTINGS, ...settings },
    });
    this.queues.push(queue);
    const report = await queue.start();
    return { queue, observed, report };
  }

  /** The states a document went through. */
  async states(companyRut: string, id: string): Promise<string[]> {
    return (await this.store.documents.history(companyRut, id)).map((entry) => entry.to);
  }

  /** Waits until a document reaches a state. */
  async until(companyRut: string, id: string, state: string, timeoutMs = 8_000): Promise<DocumentRecord> {
    return waitFor(async () => {
      const document = await this.store.documents.get(companyRut, id);
      return document?.state === state ? document : undefined;
    }, `document ${id} to be ${state}`, timeoutMs);
  }

  /** Closes the queues started since the last call. */
  async closeQueues(): Promise<void> {
    await Promise.all(this.queues.splice(0).map((queue) => queue.close()));
  }

  async close(): Promise<void> {
    await this.closeQueues();
    await this.receiver.stop();
    await this.odoo.stop();
    await this.database.close();
  }
}

/** Polls until `probe` returns a value, or fails saying what it waited for. */
export async function waitFor<Value>(probe: () => Promise<Value | undefined>, what: string, timeoutMs = 8_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves after `milliseconds`. */
export function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
