import type { DocumentRecord } from '../ports/records.ts';
import type { RegistryEvent } from '../ports/registry-gateway.ts';
import type { RegistryEventRecord, RegistryWindow } from '../ports/registry-records.ts';
import type { DocumentEventsView, RegistryEventView } from '../ports/registry-service.ts';

/** A stored or listed event as the API shows it. */
export function eventView(event: RegistryEventRecord | RegistryEvent): RegistryEventView {
  return { code: event.code, description: event.description, responsibleRut: event.responsibleRut, at: typeof event.at === 'string' ? event.at : event.at.toISOString() };
}

/** One of our documents' registry facts as the API shows them. */
export function documentEventsView(document: DocumentRecord, window: RegistryWindow | undefined, events: readonly RegistryEventRecord[]): DocumentEventsView {
  return {
    documentId: document.id, companyRut: document.companyRut, type: document.type, folio: document.folio,
    receiverStatus: window?.status ?? null,
    receivedAt: window?.receivedAt.toISOString() ?? null,
    deadline: window?.deadline.toISOString() ?? null,
    lastPolledAt: window?.lastPolledAt?.toISOString() ?? null,
    events: events.map(eventView),
  };
}
