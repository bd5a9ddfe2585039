import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { summarize, type EnvelopeSummary } from './admin-endpoints.ts';
import { Authentication } from './authentication.ts';
import { chileAttentionTime } from './chile-time.ts';
import { processEnvelope } from './envelope-processor.ts';
import { VerdictRules, type VerdictRule } from './verdict-rules.ts';
import { FaultInjector, type FaultSettings } from './faults.ts';
import { createRequestListener } from './http-router.ts';
import { revisionError } from './revision-codes.ts';
import type { EnvelopeRecord } from './simulator-records.ts';
import { resolveOptions, type SiiSimulatorOptions } from './simulator-options.ts';
import { SimulatorState } from './simulator-state.ts';
import { UploadGateway } from './upload-gateway.ts';

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
}

/** The certificate in a `dte keys` directory (`sii-authority.pem`), to trust its CAFs. */
export function readAuthorityCertificate(directory: string): X509Certificate {
  return new X509Certificate(readFileSync(join(directory, 'sii-authority.pem')));
}

/**
 * Creates a local SII: the SOAP services and the upload gateway at the SII's paths, the asynchronous
 * processing of envelopes, fault knobs and admin endpoints. See src/sii-sim/README.md.
 */
export function createSiiSimulator(options: SiiSimulatorOptions = {}): SiiSimulator {
  const settings = resolveOptions(options);
  const { now } = settings;
  const state = new SimulatorState(settings.dataDirectory, settings.firstTrackId);
  const faults = new FaultInjector(settings.faultRandom, settings.faults);
  const verdicts = new VerdictRules();
  const authentication = new Authentication({
    state, faults, now, random: settings.identifierRandom, seedLifetimeMs: settings.seedLifetimeMs, tokenLifetimeMs: settings.tokenLifetimeMs,
  });
  let attentions = 0;
  const attention = (): string => `${(attentions += 1)} ( ${chileAttentionTime(now())})`;
  let queue: Promise<void> = Promise.resolve();

  const processRecord = (record: EnvelopeRecord): void => {
    const file = state.envelopeFile(record.trackId);
    try {
      if (file === undefined) throw new Error('the received file is gone');
      record.verdict = processEnvelope(file, record, { ...settings, state, verdicts });
    } catch (error) {
      const detail = `The simulator could not process the envelope: ${error instanceof Error ? error.message : String(error)}`;
      record.verdict = { state: 'RSC', errors: [revisionError('ENV-3-0', detail)], counts: [], documents: [], processedAt: now().toISOString() };
    }
    state.saveEnvelope(record);
  };
  const enqueue = (record: EnvelopeRecord): void => {
    // Each envelope waits for the ones before it and for the event loop's next turn: the upload answers first.
    queue = queue.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => processRecord(record));
  };
  for (const record of state.unprocessed()) enqueue(record);

  const upload = new UploadGateway({
    ...settings, authentication, state, faults,
    accept: (record, file) => {
      state.saveEnvelope(record, file);
      enqueue(record);
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
    admin: { faults, state, now, verdicts },
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
      await queue;
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
    whenIdle: () => queue,
    createToken: (rut) => authentication.createToken(rut),
  };
}
