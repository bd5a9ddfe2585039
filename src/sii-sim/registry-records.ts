import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentKey, normalRut } from './simulator-records.ts';

/**
 * The registry's memory (Ley 19.983): the events recorded on documents the SII holds, by issuer, type
 * and folio. In memory, and with a data directory also appended to `registry-events.jsonl`, one JSON
 * record per line, read back on start.
 */

/** The receiver's actions the registry records (the manual's accionDoc). */
export const REGISTRY_ACTIONS = ['ACD', 'ERM', 'RCD', 'RFP', 'RFT'] as const;
export type RegistryAction = (typeof REGISTRY_ACTIONS)[number];

/** The claims among them: content (RCD), part of the goods missing (RFP), all of them missing (RFT). */
export const CLAIMS: ReadonlySet<RegistryAction> = new Set(['RCD', 'RFP', 'RFT']);

/** One event recorded on a document. */
export interface RegistryEventRecord {
  RUTEmisor: string;
  TipoDTE: number;
  Folio: number;
  codEvento: RegistryAction;
  /** Who recorded it: the RUT of the token's holder, or the receiver for an action on the SII's site. */
  rutResponsable: string;
  /** ISO instant, by the simulator's clock. */
  at: string;
  /** Through the web service, or as on the SII's site (`POST /admin/registry/events`). */
  via: 'ws' | 'site';
}

export class RegistryRecords {
  private readonly byDocument = new Map<string, RegistryEventRecord[]>();
  private readonly file: string | undefined;

  /** Opens the records, reading `directory` when given (the simulator's data directory, already created). */
  constructor(directory: string | undefined) {
    this.file = directory === undefined ? undefined : join(directory, 'registry-events.jsonl');
    if (this.file === undefined || !existsSync(this.file)) return;
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        this.remember(JSON.parse(line) as RegistryEventRecord);
      } catch {
        // A last line cut short by a crash: skipped, as the other JSON-lines files of the state.
      }
    }
  }

  /** The events of a document, oldest first. */
  events(RUTEmisor: string, TipoDTE: number, Folio: number): readonly RegistryEventRecord[] {
    return this.byDocument.get(documentKey(RUTEmisor, TipoDTE, Folio)) ?? [];
  }

  /** Every event, oldest first. */
  all(): RegistryEventRecord[] {
    return [...this.byDocument.values()].flat().sort((first, second) => first.at.localeCompare(second.at));
  }

  /** Records an event. */
  add(event: RegistryEventRecord): void {
    const record = { ...event, RUTEmisor: normalRut(event.RUTEmisor), rutResponsable: normalRut(event.rutResponsable) };
    this.remember(record);
    if (this.file !== undefined) appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }

  private remember(event: RegistryEventRecord): void {
    const key = documentKey(event.RUTEmisor, event.TipoDTE, event.Folio);
    this.byDocument.set(key, [...(this.byDocument.get(key) ?? []), event]);
  }
}
