import { z } from 'zod';
import { json, methodNotAllowed, withJsonBody } from './admin-json.ts';
import { envelopeStateAt } from './envelope-status.ts';
import type { HoldRules } from './hold-rules.ts';
import type { RegistryEventRecord, RegistryRecords } from './registry-records.ts';
import type { RegistryResult, RegistryService } from './registry-service.ts';
import type { SimulatorClock } from './simulator-clock.ts';
import { normalRut, type EnvelopeRecord } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';
import type { HttpAnswer } from './soap-services.ts';
import type { UploadRules } from './upload-rules.ts';

/**
 * The rehearsal knobs under /admin (README "Rehearsal knobs"): the clock (`/admin/clock`), a receiver's
 * action as on the SII's site (`/admin/registry/events`), upload refusals and lost answers
 * (`/admin/uploads`) and envelopes held without verdict (`/admin/holds`, `/admin/holds/release`).
 */

/** What the knobs need. */
export interface KnobContext {
  clock: SimulatorClock;
  registry: RegistryService;
  records: RegistryRecords;
  state: SimulatorState;
  uploads: UploadRules;
  holds: HoldRules;
  /** Releases one held envelope, or all of them; returns those released. */
  release(trackId?: number): EnvelopeRecord[];
}

/** The paths the knobs answer. */
export const KNOB_PATHS = ['/admin/clock', '/admin/registry/events', '/admin/uploads', '/admin/holds', '/admin/holds/release'] as const;

const rut = z.string().regex(/^\d{1,8}-[\dkK]$/, 'a RUT such as 76192083-9');

/** A receiver's action, as the SII's site records it: the registry's own rules decide (codResp). */
const siteActionSchema = z.object({
  rutEmisor: rut,
  tipoDoc: z.number().int().min(0).max(99),
  folio: z.number().int().min(0).max(9_999_999_999),
  accionDoc: z.string().min(1).max(10),
  /** Who acts: the document's receiver when absent (a RUT that is not the receiver's is refused, 17). */
  rutReceptor: rut.optional(),
}).strict();

const releaseSchema = z.object({ trackId: z.number().int().positive().optional() }).strict();

/** Answers a request to a knob's path. */
export function answerKnob(method: string, path: string, body: Buffer, query: URLSearchParams, context: KnobContext): HttpAnswer {
  switch (path) {
    case '/admin/clock': return answerClock(method, body, context.clock);
    case '/admin/registry/events': return answerEvents(method, body, query, context);
    case '/admin/uploads': return answerRules(method, path, body, 'upload rules', context.uploads);
    case '/admin/holds':
      if (method === 'GET') return json(200, { rules: context.holds.current(), held: context.state.held().map((record) => heldView(record, context)) });
      return answerRules(method, path, body, 'hold rules', context.holds);
    default:
      if (method !== 'POST') return methodNotAllowed(method, path, ['POST']);
      return withJsonBody(body, 'release', (input) => {
        const { trackId } = releaseSchema.parse(input);
        if (trackId !== undefined && !context.state.held().some((record) => record.trackId === trackId)) {
          return json(404, { error: `No envelope with track id ${trackId} is held.` });
        }
        return json(200, { released: context.release(trackId).map((record) => record.trackId) });
      }, true);
  }
}

function answerClock(method: string, body: Buffer, clock: SimulatorClock): HttpAnswer {
  if (method === 'GET') return json(200, clock.reading());
  if (method === 'DELETE') return json(200, clock.reset());
  if (method !== 'PUT') return methodNotAllowed(method, '/admin/clock', ['GET', 'PUT', 'DELETE']);
  return withJsonBody(body, 'clock setting', (input) => json(200, clock.set(input)));
}

/** GET, PUT (replace) and DELETE (clear) of a set of rules. */
function answerRules(method: string, path: string, body: Buffer, what: string, rules: { current(): unknown[]; set(input: unknown): unknown[]; clear(): void }): HttpAnswer {
  if (method === 'GET') return json(200, { rules: rules.current() });
  if (method === 'DELETE') {
    rules.clear();
    return json(200, { rules: [] });
  }
  if (method !== 'PUT') return methodNotAllowed(method, path, ['GET', 'PUT', 'DELETE']);
  return withJsonBody(body, what, (input) => json(200, { rules: rules.set(input) }));
}

/** `GET` lists the recorded events (filtered by rutEmisor, tipoDoc, folio); `POST` records a receiver's action as the SII's site does. */
function answerEvents(method: string, body: Buffer, query: URLSearchParams, context: KnobContext): HttpAnswer {
  if (method === 'GET') return json(200, { events: filtered(context.records.all(), query) });
  if (method !== 'POST') return methodNotAllowed(method, '/admin/registry/events', ['GET', 'POST']);
  return withJsonBody(body, 'registry action', (input) => {
    const answer = recordSiteAction(input, context);
    if (answer.codResp !== 0) return json(answer.codResp === 10 || answer.codResp === 18 ? 404 : 409, answer);
    return json(201, answer);
  });
}

/**
 * Records a receiver's action as the SII's site does (`POST /admin/registry/events`), under the
 * registry's own rules; the answer carries the codResp, its description and, when recorded, the event.
 * Throws a ZodError on a body of the wrong shape.
 */
export function recordSiteAction(input: unknown, context: KnobContext): RegistryResult & { event?: RegistryEventRecord } {
  const action = siteActionSchema.parse(input);
  const [rutEmisor = '', dvEmisor = ''] = normalRut(action.rutEmisor).split('-');
  const receiver = action.rutReceptor ?? context.state.document(action.rutEmisor, action.tipoDoc, action.folio)?.RUTRecep ?? '';
  const answer = context.registry.record(receiver, {
    rutEmisor, dvEmisor, tipoDoc: String(action.tipoDoc), folio: String(action.folio), accionDoc: action.accionDoc,
  }, 'site');
  if (answer.codResp !== 0) return answer;
  return { ...answer, event: context.records.events(action.rutEmisor, action.tipoDoc, action.folio).at(-1) };
}

function filtered(events: RegistryEventRecord[], query: URLSearchParams): RegistryEventRecord[] {
  const issuer = query.get('rutEmisor');
  const type = query.get('tipoDoc');
  const folio = query.get('folio');
  return events.filter((event) => (issuer === null || normalRut(issuer) === event.RUTEmisor)
    && (type === null || Number(type) === event.TipoDTE) && (folio === null || Number(folio) === event.Folio));
}

function heldView(record: EnvelopeRecord, context: KnobContext): Record<string, unknown> {
  return {
    trackId: record.trackId, companyRut: record.companyRut, receivedAt: record.receivedAt, hold: record.hold,
    currentState: envelopeStateAt(record, context.clock.now()), documents: record.contents ?? [],
  };
}
