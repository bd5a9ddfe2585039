import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { summarize, type EnvelopeSummary } from './admin-endpoints.ts';
import { recordSiteAction, type KnobContext } from './admin-knobs.ts';
import { Authentication } from './authentication.ts';
import { chileAttentionTime } from './chile-time.ts';
import { processEnvelope } from './envelope-processor.ts';
import { EnvelopeQueue } from './envelope-queue.ts';
import { VerdictRules, type VerdictRule } from './verdict-rules.ts';
import { FaultInjector, type FaultSettings } from './faults.ts';
import { HoldRules, type HoldRule } from './hold-rules.ts';
import { createRequestListener } from './http-router.ts';
import { RegistryRecords, type RegistryEventRecord } from './registry-records.ts';
import { RegistryService, type RegistryResult } from './registry-service.ts';
import { SimulatorClock, type ClockReading } from './simulator-clock.ts';
import { resolveOptions, type SiiSimulatorOptions } from './simulator-options.ts';
import { SimulatorState } from './simulator-state.ts';
import { UploadGateway } from './upload-gateway.ts';
import { UploadRules, type UploadRule } from './upload-rules.ts';

/** A running (or ready to run) local SII. */
export interface SiiSimulator {
  /** Starts listening (port 0 picks a free one) and resolves with the URL, `http://127.0.0.1:8089`. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops: ends held requests, waits for queued processing, closes the server. */
  close(): Promise<void>;
  /** The URL it listens on; throws before `listen`. */
  readonly url: string;
  /** The request listener, to mount the simulator in another HTTP server. */
  readonly requestListener: (request: IncomingMessage, response: ServerResponse) => void;
  /** The fault settings in force. */
  faults(): FaultSettings;
  /** Changes some fault settings; throws on invalid values. */
  setFaults(changes: Partial<FaultSettings>): FaultSettings;
  /** Replaces the verdict rules (`{ rules: [...] }`, as PUT /admin/verdicts takes); throws a ZodError on bad input. */
  setVerdicts(input: unknown): VerdictRule[];
  /** An envelope with its current state, or undefined. */
  envelope(trackId: number): EnvelopeSummary | undefined;
  /** Every envelope received, oldest first. */
  envelopes(): EnvelopeSummary[];
  /** Resolves once every envelope received so far has been processed. */
  whenIdle(): Promise<void>;
  /** A valid token for `rut`, as if its holder had signed a seed (for tests and embedded use). */
  createToken(rut: string): string;
  /** The simulator's clock (GET /admin/clock). */
  clock(): ClockReading;
  /** Moves the clock: `{ offsetDays }`, `{ offsetMs }` or `{ at }` (PUT /admin/clock); throws a ZodError on bad input. */
  setClock(input: unknown): ClockReading;
  /** Replaces the upload rules (`{ rules: [...] }`, as PUT /admin/uploads takes); throws a ZodError on bad input. */
  setUploadRules(input: unknown): UploadRule[];
  /** Replaces the hold rules (`{ rules: [...] }`, as PUT /admin/holds takes); throws a ZodError on bad input. */
  setHolds(input: unknown): HoldRule[];
  /** Releases one held envelope, or every one (POST /admin/holds/release); returns the track ids released. */
  release(trackId?: number): number[];
  /**
   * Records a receiver's action as on the SII's site (POST /admin/registry/events: `{ rutEmisor,
   * tipoDoc, folio, accionDoc, rutReceptor? }`), under the registry's rules; returns codResp and descResp.
   */
  recordReceiverAction(input: unknown): RegistryResult & { event?: RegistryEventRecord };
  /** Every event the registry holds, oldest first. */
  registryEvents(): RegistryEventRecord[];
}

/** The certificate in a `dte keys` directory (`sii-authority.pem`), to trust its CAFs. */
export function readAuthorityCertificate(directory: string): X509Certificate {
  return new X509Certificate(readFileSync(join(directory, 'sii-authority.pem')));
}

/**
 * Creates a local SII: the SOAP services, the upload gateway and the registry of acceptances and
 * claims at the SII's paths, the asynchronous processing of envelopes, fault and rehearsal knobs and
 * admin endpoints. See src/sii-sim/README.md.
 */
export function createSiiSimulator(options: SiiSimulatorOptions = {}): SiiSimulator {
  const resolved = resolveOptions(options);
  const state = new SimulatorState(resolved.dataDirectory, resolved.firstTrackId);
  const clock = new SimulatorClock(resolved.now, resolved.dataDirectory, resolved.clockOffsetMs);
  // Every part reads the movable clock.
  const settings = { ...resolved, now: clock.now };
  const { now } = settings;
  const faults = new FaultInjector(settings.faultRandom, settings.faults);
  const verdicts = new VerdictRules();
  const uploads = new UploadRules();
  uploads.set({ rules: settings.uploads });
  const holds = new HoldRules();
  holds.set({ rules: settings.holds });
  const authentication = new Authentication({
    state, faults, now, random: settings.identifierRandom, seedLifetimeMs: settings.seedLifetimeMs, tokenLifetimeMs: settings.tokenLifetimeMs,
  });
  let attentions = 0;
  const attention = (): string => `${(attentions += 1)} ( ${chileAttentionTime(now())})`;
  const queue = new EnvelopeQueue({ state, holds, now, process: (file, record) => processEnvelope(file, record, { ...settings, state, verdicts }) });
  const records = new RegistryRecords(settings.dataDirectory);
  const registry = new RegistryService({ state, records, companies: settings.companies, faults, now });
  const knobs: KnobContext = { clock, registry, records, state, uploads, holds, release: (trackId) => queue.release(trackId) };

  const upload = new UploadGateway({
    ...settings, authentication, state, faults, uploadRules: uploads,
    accept: (record, file) => {
      state.saveEnvelope(record, file);
      queue.enqueue(record);
    },
  });
  const hanging = new Set<ServerResponse>();
  let server: Server | undefined;
  let address: string | undefined;
  const requestListener = createRequestListener({
    faults,
    upload,
    hanging,
    maxBodyBytes: settings.maxUploadBytes + 1024 * 1024,
    baseUrl: () => address ?? 'http://127.0.0.1',
    admin: { faults, state, now, verdicts, knobs },
    registry: { authentication, registry },
    soap: {
      authentication,
      envelopeQuery: () => ({ state, now: now(), attention: attention(), documentDetails: settings.documentDetails }),
      documentQuery: () => ({ state, companies: settings.companies, attention: attention() }),
    },
  });

  return {
    requestListener,
    get url(): string {
      if (address === undefined) throw new Error('The simulator is not listening: call listen() first.');
      return address;
    },
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const created = createServer(requestListener);
        created.once('error', reject);
        created.listen(port, host, () => {
          const bound = created.address() as AddressInfo;
          server = created;
          address = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
          resolve(address);
        });
      });
    },
    async close() {
      for (const response of hanging) response.destroy();
      hanging.clear();
      await queue.whenIdle();
      if (server === undefined) return;
      const closing = server;
      server = undefined;
      await new Promise<void>((resolve, reject) => {
        closing.close((error) => (error === undefined ? resolve() : reject(error)));
        closing.closeAllConnections();
      });
    },
    faults: () => faults.current(),
    setFaults: (changes) => faults.update(changes),
    setVerdicts: (input) => verdicts.set(input),
    envelope: (trackId) => {
      const record = state.envelope(trackId);
      return record === undefined ? undefined : summarize(record, now());
    },
    envelopes: () => state.envelopes().map((record) => summarize(record, now())),
    whenIdle: () => queue.whenIdle(),
    createToken: (rut) => authentication.createToken(rut),
    clock: () => clock.reading(),
    setClock: (input) => clock.set(input),
    setUploadRules: (input) => uploads.set(input),
    setHolds: (input) => holds.set(input),
    release: (trackId) => queue.release(trackId).map((record) => record.trackId),
    recordReceiverAction: (input) => recordSiteAction(input, knobs),
    registryEvents: () => records.all(),
  };
}
