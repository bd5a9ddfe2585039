/**
 * One round of the registry for one of our documents: its window opened (from the SII's reception
 * date), its events asked (one listarEventosHistDoc), the new ones stored, its receiver status worked
 * out, and each claim not yet passed on told to the listeners. Used by the poll job and by a person's
 * refresh; both may run again after a crash without losing an event or telling one twice (the store
 * keeps each event once and which were passed on).
 */
import type { DocumentRecord } from '../ports/records.ts';
import type { NewRegistryEvent, RegistryWindow } from '../ports/registry-records.ts';
import type { RegistryEvent } from '../ports/registry-gateway.ts';
import { deadlineOf, isClaim, receiverStatusOf } from './receiver-status.ts';
import type { RegistryCore } from './registry-context.ts';

/** The registry's view of the document as a listed event. */
function newEvent(event: RegistryEvent): NewRegistryEvent {
  return { code: event.code, description: event.description, responsibleRut: event.responsibleRut, at: new Date(event.at), siiTime: event.siiTime };
}

/** When the SII received the document: the moment the upload got its track id, until the registry says otherwise. */
async function submittedAt(context: RegistryCore, document: DocumentRecord): Promise<Date> {
  const history = await context.store.documents.history(document.companyRut, document.id);
  return history.find((entry) => entry.to === 'submitted')?.at ?? document.updatedAt;
}

/** Opens the document's window (once) from the time it was submitted; the first round corrects it with the SII's own date. */
export async function openWindowOf(context: RegistryCore, document: DocumentRecord): Promise<RegistryWindow> {
  const existing = await context.store.registry.window(document.companyRut, document.id);
  if (existing !== undefined) return existing;
  const receivedAt = await submittedAt(context, document);
  return context.store.registry.openWindow(document.companyRut, document.id, receivedAt, deadlineOf(receivedAt));
}

/** Asks the registry once (its reception date on the first round too) and records what it answered. */
export async function refreshWindow(context: RegistryCore, document: DocumentRecord, signal?: AbortSignal): Promise<RegistryWindow> {
  const { store } = context;
  let window = await openWindowOf(context, document);
  const gateway = await context.gateways(document.companyRut);
  const asked = { issuerRut: document.companyRut, type: document.type, folio: document.folio };
  const options = signal === undefined ? {} : { signal };
  const reception = window.polls === 0 ? await gateway.receptionDate(asked, options) : undefined;
  const listed = await gateway.listEvents(asked, options);
  const now = context.clock();
  if (listed.kind === 'events') await store.registry.addEvents(document.companyRut, document.id, listed.events.map(newEvent));
  else if (listed.kind === 'refused') {
    context.logger?.warn({ company: document.companyRut, type: document.type, folio: document.folio, code: listed.answer.code }, 'the registry refused to list the events');
  }
  const receivedAt = reception?.kind === 'received' ? new Date(reception.receivedAt) : undefined;
  const corrected = receivedAt !== undefined && receivedAt.getTime() !== window.receivedAt.getTime() ? { receivedAt, deadline: deadlineOf(receivedAt) } : undefined;
  const deadline = corrected?.deadline ?? window.deadline;
  const events = await store.registry.events(document.companyRut, document.id);
  window = await store.registry.updateWindow(document.companyRut, document.id, {
    polledAt: now, status: receiverStatusOf(events, now, deadline), ...(corrected ? { reception: corrected } : {}),
  });
  await passOnNews(context, document);
  return window;
}

/** Tells the listeners of each claim not passed on yet, then marks every such event passed on. */
export async function passOnNews(context: RegistryCore, document: DocumentRecord): Promise<void> {
  const unnotified = await context.store.registry.unnotified(document.companyRut, document.id);
  if (unnotified.length === 0) return;
  for (const event of unnotified.filter((candidate) => isClaim(candidate.code))) {
    for (const listener of context.listeners) await listener.documentClaimed(document, event);
    context.logger?.info({ company: document.companyRut, type: document.type, folio: document.folio, claim: event.code }, 'the receiver claimed the document');
  }
  await context.store.registry.markNotified(document.companyRut, unnotified.map((event) => event.id), context.clock());
}
