/**
 * `/dte eventos <id|factura N|TYPE N>` (also `events`): what the receiver did with one of the asker's
 * documents under Ley 19.983, as the registry poll stored it: receiverStatus, the eight days' deadline,
 * the events. Read only; only the actor's companies.
 */
import type { Actor, DocumentService, DocumentView, RegistryService } from '../app/ports/index.ts';
import { FACTURA, NAMING_ORDER, REGISTRY_TYPES } from '../core/document-kinds/index.ts';
import type { DocumentEventsView } from '../app/ports/registry-service.ts';

/** What the command reads. */
export interface EventsCommandServices {
  documents: DocumentService;
  registry?: RegistryService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The kind a word names ("factura", "fact", "FE", "NC"…), by the registry's names, in its naming order. */
function typeOfWord(word: string): number | undefined {
  return NAMING_ORDER.find((kind) => new RegExp(String.raw`^(?:${kind.names.aliases.join('|')})$`, 'iu').test(word))?.code;
}

export const EVENTS_USAGE = `Say the document: \`/dte eventos factura 120\`, \`/dte eventos ${FACTURA.code} 120\` or \`/dte eventos <id>\`.`;

const STATUS_TEXT: Record<string, string> = {
  pending: 'pending: the receiver has neither accepted nor claimed it yet',
  accepted: 'accepted by the receiver (ACD)',
  goods_received: 'goods or services acknowledged by the receiver (ERM)',
  claimed: '*claimed* by the receiver',
  accepted_by_law: 'accepted by law: the eight days passed with no claim',
};

/** The documents the words name, among the actor's companies; undefined when the words name none. */
async function named(words: string[], actor: Actor, documents: DocumentService): Promise<DocumentView[] | undefined> {
  const [first, second] = words;
  if (first !== undefined && UUID.test(first) && second === undefined) return [await documents.get(actor, first)];
  const type = first === undefined ? undefined : (/^\d{2}$/.test(first) ? Number(first) : typeOfWord(first));
  if (type === undefined || !/^\d{1,10}$/.test(second ?? '') || words.length > 2) return undefined;
  const found: DocumentView[] = [];
  for (const companyRut of actor.companies) found.push(...(await documents.list(actor, { companyRut, type, folio: Number(second), limit: 5 })).items);
  return found;
}

function viewLines(view: DocumentEventsView): string[] {
  const head = `*DTE ${view.type} folio ${view.folio}* of ${view.companyRut}, id \`${view.documentId}\``;
  if (view.receiverStatus === null) return [`${head}: the registry does not follow it (not accepted by the SII yet, or not of type ${[...REGISTRY_TYPES].join(', ')}).`];
  return [
    `${head}: ${STATUS_TEXT[view.receiverStatus] ?? view.receiverStatus}.`,
    `Received by the SII ${view.receivedAt ?? '?'}; the receiver may act until ${view.deadline ?? '?'}.`,
    ...view.events.slice(-10).map((event) => `• ${event.code} — ${event.description.slice(0, 120)} — by ${event.responsibleRut}, ${event.at}`),
    view.lastPolledAt === null ? 'The service has not asked the SII\'s registry yet.' : `Last asked the SII's registry: ${view.lastPolledAt}.`,
  ];
}

/** The answer's text to `/dte eventos …`. */
export async function eventsText(words: string[], actor: Actor, services: EventsCommandServices): Promise<string> {
  if (services.registry === undefined) return 'The registry of acceptances and claims is not available here.';
  const documents = await named(words, actor, services.documents);
  if (documents === undefined) return EVENTS_USAGE;
  if (documents.length === 0) return `No such document in your companies (${actor.companies.join(', ')}).`;
  const lines: string[] = [];
  for (const document of documents) lines.push(...viewLines(await services.registry.events(actor, document.id)));
  return lines.join('\n');
}
