import { json, methodNotAllowed, withJsonBody } from './admin-json.ts';
import { answerKnob, KNOB_PATHS, type KnobContext } from './admin-knobs.ts';
import { envelopeStateAt } from './envelope-status.ts';
import type { FaultInjector } from './faults.ts';
import type { HttpAnswer } from './soap-services.ts';
import type { EnvelopeRecord, EnvelopeState } from './simulator-records.ts';
import type { VerdictRules } from './verdict-rules.ts';
import type { SimulatorState } from './simulator-state.ts';

/**
 * The simulator's own endpoints, which the SII does not have: `GET /admin/faults` and `PUT
 * /admin/faults` (a JSON object with the settings to change) to read and set the fault knobs, and
 * `GET /admin/envelopes` and `GET /admin/envelopes/<trackId>` to see what was received and decided,
 * `/admin/verdicts`, and the rehearsal knobs of admin-knobs.ts. No fault ever strikes them.
 */

/** An envelope as the admin endpoints and the in-process API show it. */
export interface EnvelopeSummary extends EnvelopeRecord {
  /** The state getEstUp answers now. */
  currentState: EnvelopeState;
}

/** What the admin endpoints need. */
export interface AdminContext {
  faults: FaultInjector;
  state: SimulatorState;
  now: () => Date;
  verdicts: VerdictRules;
  knobs: KnobContext;
}

/** An envelope with its current state. */
export function summarize(record: EnvelopeRecord, now: Date): EnvelopeSummary {
  return { ...record, currentState: envelopeStateAt(record, now) };
}

function updateFaults(body: Buffer, faults: FaultInjector): HttpAnswer {
  return withJsonBody(body, 'fault settings', (changes) => json(200, faults.update(changes)));
}

/** Answers a request under /admin. */
export function answerAdmin(method: string, path: string, body: Buffer, context: AdminContext, query = new URLSearchParams()): HttpAnswer {
  if ((KNOB_PATHS as readonly string[]).includes(path)) return answerKnob(method, path, body, query, context.knobs);
  if (path === '/admin/faults') {
    if (method === 'GET') return json(200, context.faults.current());
    if (method === 'PUT' || method === 'PATCH') return updateFaults(body, context.faults);
    return json(405, { error: `${method} is not allowed on ${path}; use GET or PUT.` });
  }
  if (path === '/admin/verdicts') return answerVerdicts(method, body, context.verdicts);
  if (method !== 'GET') return json(405, { error: `${method} is not allowed on ${path}; use GET.` });
  const now = context.now();
  if (path === '/admin/envelopes') return json(200, context.state.envelopes().map((record) => summarize(record, now)));
  const match = /^\/admin\/envelopes\/(\d+)$/.exec(path);
  const record = match === null ? undefined : context.state.envelope(Number(match[1]));
  if (record !== undefined) return json(200, summarize(record, now));
  return json(404, { error: `Nothing at ${path}. The admin endpoints are /admin/faults, /admin/verdicts, /admin/envelopes[/<trackId>], ${KNOB_PATHS.join(', ')}.` });
}

/** `GET`, `PUT` (replace) and `DELETE` (clear) of the verdict rules. */
function answerVerdicts(method: string, body: Buffer, verdicts: VerdictRules): HttpAnswer {
  if (method === 'GET') return json(200, { rules: verdicts.current() });
  if (method === 'DELETE') {
    verdicts.clear();
    return json(200, { rules: [] });
  }
  if (method !== 'PUT') return methodNotAllowed(method, '/admin/verdicts', ['GET', 'PUT', 'DELETE']);
  return withJsonBody(body, 'verdict rules', (input) => json(200, { rules: verdicts.set(input) }));
}
