/**
 * The registry poll: a DocumentListener of the submission queue that follows each of our documents the
 * SII accepted, of a type the registry serves, while its eight days run (poll-schedule.ts). Its job
 * (`registry-poll`) asks the registry once per round; a restart queues every open window again when
 * it is due, spread out, so nothing is lost and no storm follows.
 */
import type { DocumentListener } from '../ports/listeners.ts';
import type { DocumentRecord } from '../ports/records.ts';
import { JOB_NAMES, readJobData, registryPollJobSchema } from '../ports/jobs.ts';
import { nextPollDelay, recoveryDelay } from './poll-schedule.ts';
import { REGISTRY_TYPES } from './receiver-status.ts';
import { registryPollKey, type RegistryContext } from './registry-context.ts';
import { openWindowOf, refreshWindow } from './registry-refresh.ts';

/** The verdicts after which the receiver's window runs: the SII received and accepted the document. */
const FOLLOWED_STATES = new Set(['accepted', 'accepted_with_repairs']);

/** Whether the registry follows a document. */
export function isFollowed(document: Pick<DocumentRecord, 'state' | 'type'>): boolean {
  return FOLLOWED_STATES.has(document.state) && REGISTRY_TYPES.has(document.type);
}

/** The poll, as a listener of the queue, and its recovery. */
export interface RegistryPoll extends DocumentListener {
  /** Queues a poll for every open window, each when due (system-wide; at start). Returns how many. */
  recover(): Promise<number>;
}

/** Builds the registry poll over the queue's runner. */
export function createRegistryPoll(context: RegistryContext): RegistryPoll {
  const { store, runner, settings, logger } = context;
  const schedule = (document: Pick<DocumentRecord, 'companyRut' | 'id'>, delay: number) =>
    runner.add(JOB_NAMES.registryPoll, { companyRut: document.companyRut, documentId: document.id }, { delay, key: registryPollKey(document.id) });
  return {
    handlers: {
      [JOB_NAMES.registryPoll]: async (data) => {
        const { companyRut, documentId } = readJobData(JOB_NAMES.registryPoll, registryPollJobSchema, data);
        const document = await store.documents.get(companyRut, documentId);
        if (document === undefined || !isFollowed(document)) return;
        const before = await store.registry.window(companyRut, documentId);
        if (before?.closedAt != null) return;
        const window = await refreshWindow(context, document);
        const now = context.clock();
        const delay = nextPollDelay(settings, window, now, context.random);
        if (delay === undefined) {
          await store.registry.updateWindow(companyRut, documentId, { closedAt: now });
          logger?.info({ company: companyRut, type: document.type, folio: document.folio, status: window.status }, 'the receiver\'s window closed');
          return;
        }
        await schedule(document, delay);
      },
    },
    async documentSettled(document) {
      if (!isFollowed(document)) return;
      await openWindowOf(context, document);
      await schedule(document, settings.firstDelayMs);
    },
    async recover() {
      const windows = await store.registry.openWindows(settings.scanLimit);
      const now = context.clock();
      for (const window of windows) await schedule({ companyRut: window.companyRut, id: window.documentId }, recoveryDelay(settings, window, now, context.random));
      if (windows.length > 0) logger?.info({ windows: windows.length }, 'queued the registry poll of every open window again');
      return windows.length;
    },
  };
}
