import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  documentKey,
  normalRut,
  type CafRange,
  type DocumentRecord,
  type EnvelopeRecord,
  type TokenRecord,
} from './simulator-records.ts';

/**
 * The simulator's memory. In memory by default; with a directory, every change is also written there
 * as JSON, and the directory is read back on start, so that status queries, repeated folios and
 * issued tokens survive a restart:
 * - `envelopes/<trackId>.json`, one record per envelope, rewritten when its verdict arrives, and
 *   `envelopes/<trackId>.xml`, the file as received;
 * - `documents.jsonl`, `caf-ranges.jsonl` and `tokens.jsonl`, appended one JSON record per line.
 * Seeds and the 900-second duplicate-upload window stay in memory: both are short-lived.
 */
export class SimulatorState {
  private readonly envelopeRecords = new Map<number, EnvelopeRecord>();
  /** Files awaiting processing, kept only until their verdict when there is no directory. */
  private readonly pendingFiles = new Map<number, Buffer>();
  private readonly documentRecords = new Map<string, DocumentRecord>();
  private readonly notesByTarget = new Map<string, DocumentRecord[]>();
  private readonly cafRanges: CafRange[] = [];
  private readonly tokenRecords = new Map<string, TokenRecord>();
  /** Who has sent envelopes for each company (the SII accepted them as its senders). */
  private readonly senders = new Map<string, Set<string>>();
  private lastTrackId: number;

  /** Opens the state, reading `directory` when given (created when missing). */
  constructor(private readonly directory: string | undefined, firstTrackId: number) {
    this.lastTrackId = firstTrackId - 1;
    if (directory !== undefined) this.load(directory);
  }

  /** The next track id, one above the highest ever given. */
  nextTrackId(): number {
    this.lastTrackId += 1;
    return this.lastTrackId;
  }

  /** Stores a new or updated envelope; `file` is the received file, kept until processing ends. */
  saveEnvelope(record: EnvelopeRecord, file?: Buffer): void {
    this.rememberEnvelope(record);
    if (file !== undefined && this.directory === undefined) this.pendingFiles.set(record.trackId, file);
    if (record.verdict !== undefined) this.pendingFiles.delete(record.trackId);
    if (this.directory === undefined) return;
    if (file !== undefined) writeFileSync(join(this.directory, 'envelopes', `${record.trackId}.xml`), file);
    writeAtomically(join(this.directory, 'envelopes', `${record.trackId}.json`), JSON.stringify(record, null, 1));
  }

  envelope(trackId: number): EnvelopeRecord | undefined {
    return this.envelopeRecords.get(trackId);
  }

  /** Every envelope, oldest first. */
  envelopes(): EnvelopeRecord[] {
    return [...this.envelopeRecords.values()].sort((first, second) => first.trackId - second.trackId);
  }

  /** The received file: kept on disk with a directory, else only until the envelope is processed. */
  envelopeFile(trackId: number): Buffer | undefined {
    if (this.directory === undefined) return this.pendingFiles.get(trackId);
    const path = join(this.directory, 'envelopes', `${trackId}.xml`);
    return existsSync(path) ? readFileSync(path) : undefined;
  }

  /** Envelopes received but not yet processed, held ones aside (after a restart, they are processed again). */
  unprocessed(): EnvelopeRecord[] {
    return this.envelopes().filter((record) => record.verdict === undefined && (record.hold === undefined || record.hold.releasedAt !== undefined));
  }

  /** Envelopes held without verdict and not yet released. */
  held(): EnvelopeRecord[] {
    return this.envelopes().filter((record) => record.verdict === undefined && record.hold !== undefined && record.hold.releasedAt === undefined);
  }

  /** An envelope received but not yet processed (held, say) that carries the document. */
  envelopeCarrying(RUTEmisor: string, TipoDTE: number, Folio: number): EnvelopeRecord | undefined {
    const key = documentKey(RUTEmisor, TipoDTE, Folio);
    return this.envelopes().find((record) => record.verdict === undefined
      && (record.contents ?? []).some((document) => documentKey(document.RUTEmisor, document.TipoDTE, document.Folio) === key));
  }

  /** Whether `senderRut` has had an envelope of `companyRut` received: the SII took it as one of its senders. */
  sendsFor(senderRut: string, companyRut: string): boolean {
    return this.senders.get(normalRut(companyRut))?.has(normalRut(senderRut)) ?? false;
  }

  /** Records a document the SII now holds; it takes the folio and may be referenced by notes. */
  registerDocument(record: DocumentRecord, persist = true): void {
    this.documentRecords.set(documentKey(record.RUTEmisor, record.TipoDTE, record.Folio), record);
    for (const reference of record.references) {
      const type = Number(reference.TpoDocRef);
      const folio = Number(reference.FolioRef);
      if (!Number.isInteger(type) || !Number.isInteger(folio)) continue;
      const key = documentKey(record.RUTEmisor, type, folio);
      this.notesByTarget.set(key, [...(this.notesByTarget.get(key) ?? []), record]);
    }
    if (persist && this.directory !== undefined) appendFileSync(join(this.directory, 'documents.jsonl'), `${JSON.stringify(record)}\n`);
  }

  document(RUTEmisor: string, TipoDTE: number, Folio: number): DocumentRecord | undefined {
    return this.documentRecords.get(documentKey(RUTEmisor, TipoDTE, Folio));
  }

  /** The accepted documents (notes) whose references point at the given document. */
  notesReferencing(RUTEmisor: string, TipoDTE: number, Folio: number): DocumentRecord[] {
    return this.notesByTarget.get(documentKey(RUTEmisor, TipoDTE, Folio)) ?? [];
  }

  /** Remembers the range of an authentic CAF. */
  addCafRange(range: CafRange, persist = true): void {
    const known = this.cafRanges.some((candidate) =>
      normalRut(candidate.RUTEmisor) === normalRut(range.RUTEmisor) && candidate.TipoDTE === range.TipoDTE && candidate.from === range.from && candidate.to === range.to);
    if (known) return;
    this.cafRanges.push(range);
    if (persist && this.directory !== undefined) appendFileSync(join(this.directory, 'caf-ranges.jsonl'), `${JSON.stringify(range)}\n`);
  }

  /** Whether an authentic CAF seen so far authorises the folio. */
  cafCovers(RUTEmisor: string, TipoDTE: number, Folio: number): boolean {
    return this.cafRanges.some((range) => normalRut(range.RUTEmisor) === normalRut(RUTEmisor) && range.TipoDTE === TipoDTE && Folio >= range.from && Folio <= range.to);
  }

  saveToken(record: TokenRecord, persist = true): void {
    this.tokenRecords.set(record.token, record);
    if (persist && this.directory !== undefined) appendFileSync(join(this.directory, 'tokens.jsonl'), `${JSON.stringify(record)}\n`);
  }

  token(value: string): TokenRecord | undefined {
    return this.tokenRecords.get(value);
  }

  private rememberEnvelope(record: EnvelopeRecord): void {
    this.envelopeRecords.set(record.trackId, record);
    const company = normalRut(record.companyRut);
    const senders = this.senders.get(company) ?? new Set<string>();
    senders.add(normalRut(record.senderRut));
    this.senders.set(company, senders);
  }

  private load(directory: string): void {
    mkdirSync(join(directory, 'envelopes'), { recursive: true });
    for (const name of readdirSync(join(directory, 'envelopes')).filter((file) => file.endsWith('.json'))) {
      const record = JSON.parse(readFileSync(join(directory, 'envelopes', name), 'utf8')) as EnvelopeRecord;
      this.rememberEnvelope(record);
      this.lastTrackId = Math.max(this.lastTrackId, record.trackId);
    }
    for (const record of readLines<DocumentRecord>(join(directory, 'documents.jsonl'))) this.registerDocument(record, false);
    for (const range of readLines<CafRange>(join(directory, 'caf-ranges.jsonl'))) this.addCafRange(range, false);
    for (const token of readLines<TokenRecord>(join(directory, 'tokens.jsonl'))) this.saveToken(token, false);
  }
}

/** The records of a JSON-lines file; a last line cut short by a crash is skipped. */
function readLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as T];
    } catch {
      return [];
    }
  });
}

/** Writes a file through a temporary name, so a reader never sees half of it. */
function writeAtomically(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}
