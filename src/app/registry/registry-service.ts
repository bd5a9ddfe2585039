/**
 * The registry's use cases (the RegistryService port): our documents' events as the poll stored them
 * or asked anew, the company's answer to a supplier's document recorded at the SII (admin or receiver,
 * idempotent with a key, audited), and any document's registry facts. Every call authorises the actor
 * on the company before anything is read or sent.
 */
import { REGISTRY_TYPES_IN_SENTENCE } from '../../core/document-kinds/index.ts';
import { DteError } from '../../core/errors.ts';
import { authorize } from '../authorize.ts';
import type { DocumentRecord } from '../ports/records.ts';
import type { RegistryActionOutcome, RegistryActionCommand, RegistryLookup, RegistryService } from '../ports/registry-service.ts';
import type { Actor } from '../ports/services.ts';
import { refusalError, readActionCommand, readQuery, type ReadQuery } from './registry-input.ts';
import type { RegistryCore } from './registry-context.ts';
import { isFollowed } from './registry-poll.ts';
import { refreshWindow } from './registry-refresh.ts';
import { documentEventsView, eventView } from './registry-views.ts';

/** How long an Idempotency-Key of an action is remembered (as the documents' keys: a day). */
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const IDEMPOTENCY_PREFIX = 'registry.action:';

/** Builds the registry service. */
export function createRegistryService(context: RegistryCore): RegistryService {
  const { store } = context;

  async function load(actor: Actor, id: string): Promise<DocumentRecord> {
    const companyRut = await store.documents.companyOf(id);
    if (companyRut === undefined) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
    authorize(actor, 'read');
    if (!actor.companies.includes(companyRut)) throw new DteError('FORBIDDEN', `This token is not bound to the company of document ${id}.`);
    const record = await store.documents.get(companyRut, id);
    if (record === undefined) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
    return record;
  }

  const view = async (document: DocumentRecord) => documentEventsView(
    document, await store.registry.window(document.companyRut, document.id), await store.registry.events(document.companyRut, document.id),
  );

  return {
    events: async (actor, id) => view(await load(actor, id)),
    async refresh(actor, id) {
      const document = await load(actor, id);
      if (!isFollowed(document)) {
        throw new DteError('CONFLICT', `Document ${id} is ${document.state} of type ${document.type}: the registry follows facturas ${REGISTRY_TYPES_IN_SENTENCE} the SII accepted.`);
      }
      await refreshWindow(context, document);
      return view(document);
    },
    act: (actor, command) => act(context, actor, command),
    async lookup(actor, input) {
      const query = readQuery(actor, input);
      authorize(actor, 'read', query.companyRut);
      return lookup(context, query);
    },
  };
}

async function act(context: RegistryCore, actor: Actor, input: RegistryActionCommand): Promise<RegistryActionOutcome> {
  const { store } = context;
  const command = readActionCommand(actor, input);
  authorize(actor, 'receive', command.companyRut);
  const { companyRut, rutEmisor, tipoDoc, folio, action } = command;
  const request = JSON.stringify({ rutEmisor, tipoDoc, folio, action });
  const settingKey = input.idempotencyKey === undefined ? undefined : `${IDEMPOTENCY_PREFIX}${companyRut}:${input.idempotencyKey}`;
  if (settingKey !== undefined) {
    const stored = await store.settings.get(settingKey);
    if (stored !== undefined) {
      const earlier = JSON.parse(stored) as { request: string; outcome: RegistryActionOutcome };
      if (earlier.request !== request) throw new DteError('CONFLICT', 'This Idempotency-Key was used for another registry action.', { details: { field: 'Idempotency-Key' } });
      return { ...earlier.outcome, replayed: true };
    }
  }
  const gateway = await context.gateways(companyRut);
  const result = await gateway.recordAction({ issuerRut: rutEmisor, type: tipoDoc, folio }, action);
  await store.audit.record({
    actor: actor.subject, action: result.kind === 'recorded' ? 'registry.action' : 'registry.refused', target: `${rutEmisor}/${tipoDoc}/${folio}`, companyRut,
    ...(actor.ip ? { ip: actor.ip } : {}), ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
    detail: { action, codResp: result.answer.code, ...(command.reason ? { reason: command.reason } : {}) },
  });
  if (result.kind === 'refused') throw refusalError(result);
  const outcome: RegistryActionOutcome = { companyRut, rutEmisor, tipoDoc, folio, action, answer: result.answer, replayed: false };
  if (settingKey !== undefined) {
    await store.settings.put(settingKey, JSON.stringify({ request, outcome }));
    await store.settings.prune(IDEMPOTENCY_PREFIX, new Date(context.clock().getTime() - IDEMPOTENCY_TTL_MS));
  }
  return outcome;
}

async function lookup(context: RegistryCore, query: ReadQuery): Promise<RegistryLookup> {
  const gateway = await context.gateways(query.companyRut);
  const asked = { issuerRut: query.rutEmisor, type: query.tipoDoc, folio: query.folio };
  const [listed, cedibility, reception] = await Promise.all([gateway.listEvents(asked), gateway.cedibility(asked), gateway.receptionDate(asked)]);
  return {
    companyRut: query.companyRut, rutEmisor: query.rutEmisor, tipoDoc: query.tipoDoc, folio: query.folio,
    events: listed.kind === 'events' ? listed.events.map(eventView) : [],
    eventsAnswer: listed.answer,
    cedible: cedibility.kind === 'refused'
      ? { kind: 'refused', basis: cedibility.reason, answer: cedibility.answer }
      : { kind: cedibility.kind, ...('basis' in cedibility ? { basis: cedibility.basis } : {}), answer: cedibility.answer },
    receivedAt: reception.kind === 'received' ? reception.receivedAt : null,
  };
}
