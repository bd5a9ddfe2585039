import { carriedDocuments, type HoldRules } from './hold-rules.ts';
import { revisionError } from './revision-codes.ts';
import type { EnvelopeRecord, EnvelopeVerdict } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';

/**
 * The envelopes waiting for their verdict, processed one at a time in the order received, each after
 * the event loop's next turn (so the upload's answer goes first). An envelope a hold rule names is put
 * aside, held, until `release`; envelopes received but not processed when the process stopped are
 * processed on start, held ones stay held.
 */
export interface EnvelopeQueueSettings {
  state: SimulatorState;
  holds: HoldRules;
  now: () => Date;
  /** Decides an envelope's verdict from the file received. */
  process(file: Uint8Array, record: EnvelopeRecord): EnvelopeVerdict;
}

export class EnvelopeQueue {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly settings: EnvelopeQueueSettings) {
    for (const record of settings.state.unprocessed()) this.enqueue(record);
  }

  /** Queues a received (or released) envelope. */
  enqueue(record: EnvelopeRecord): void {
    this.queue = this.queue.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => this.processRecord(record));
  }

  /** Releases one held envelope, or every one; they are processed in turn. Returns those released. */
  release(trackId?: number): EnvelopeRecord[] {
    const released = this.settings.state.held().filter((record) => trackId === undefined || record.trackId === trackId);
    for (const record of released) {
      record.hold = { ...record.hold!, releasedAt: this.settings.now().toISOString() };
      this.settings.state.saveEnvelope(record);
      this.enqueue(record);
    }
    return released;
  }

  /** Resolves once every envelope queued so far has been processed (or held). */
  whenIdle(): Promise<void> {
    return this.queue;
  }

  private processRecord(record: EnvelopeRecord): void {
    const { state, now } = this.settings;
    const file = state.envelopeFile(record.trackId);
    try {
      if (file === undefined) throw new Error('the received file is gone');
      if (this.heldBack(record, file)) return;
      record.verdict = this.settings.process(file, record);
    } catch (error) {
      const detail = `The simulator could not process the envelope: ${error instanceof Error ? error.message : String(error)}`;
      record.verdict = { state: 'RSC', errors: [revisionError('ENV-3-0', detail)], counts: [], documents: [], processedAt: now().toISOString() };
    }
    state.saveEnvelope(record);
  }

  /** Holds the envelope when a hold rule names one of its documents (only read when some rule is set). */
  private heldBack(record: EnvelopeRecord, file: Uint8Array): boolean {
    if (record.hold !== undefined || this.settings.holds.current().length === 0) return false;
    const contents = carriedDocuments(file);
    const held = this.settings.holds.take(contents);
    if (held === undefined) return false;
    record.contents = contents;
    record.hold = { state: held, since: this.settings.now().toISOString() };
    this.settings.state.saveEnvelope(record);
    return true;
  }
}
