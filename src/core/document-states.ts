/**
 * The state machine of an issued document, as DESIGN.md draws it: `signed` → `queued` → `submitted`
 * (trackId) → a verdict of the SII (`accepted`, `accepted_with_repairs`, `rejected`); `failed` when the
 * SII could not be reached after all retries. This file is the only place of the service that lists the
 * states (a test scans the sources for other lists): the store's transition check, the notifications,
 * Slack, the agent, the HTTP and CLI enums and the evals read it. The local SII keeps its own copies on
 * purpose: it is the independent oracle.
 */
import { DteError } from './errors.ts';

/** The states of a document, in the order a document goes through them. */
export const DOCUMENT_STATES = ['signed', 'queued', 'submitted', 'accepted', 'accepted_with_repairs', 'rejected', 'failed'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** What the service knows and does about one state. */
export interface StateRule {
  /** The states it may become; none means the state is final. */
  readonly moves: readonly DocumentState[];
  /** The SII's answer about the document (not the service's own progress). */
  readonly verdict: boolean;
  /** Webhooks and Odoo are told when a document reaches it: a verdict, or a failure that needs a person. */
  readonly notifies: boolean;
  /** A verdict a person should look at: Slack posts an alert with Explain / Show XML / Retry. */
  readonly alerts: boolean;
  /** Not yet (or not any more) in the SII's hands: recovery submits documents found in it. */
  readonly unsubmitted: boolean;
  /** A person may ask for it to be submitted again (HTTP retry, the agent's retry tool). */
  readonly retryable: boolean;
  /** How people read it. */
  readonly names: { readonly es: string; readonly en: string };
}

/**
 * The machine. `accepted` and `accepted_with_repairs` are final. A `failed` document is retried later
 * (queued again, or its verdict arrives late), never dropped. A `rejected` document may be queued again,
 * because the SII does not use up the folio of a rejected DTE and some rejections (the envelope's
 * Caratula, an unauthorised sender) are fixed outside the document.
 */
const MACHINE = {
  signed: {
    moves: ['queued', 'failed'], verdict: false, notifies: false, alerts: false, unsubmitted: true, retryable: false,
    names: { es: 'firmado', en: 'signed' },
  },
  queued: {
    moves: ['submitted', 'failed'], verdict: false, notifies: false, alerts: false, unsubmitted: true, retryable: false,
    names: { es: 'en cola', en: 'queued' },
  },
  submitted: {
    moves: ['accepted', 'accepted_with_repairs', 'rejected', 'failed'], verdict: false, notifies: false, alerts: false, unsubmitted: false, retryable: false,
    names: { es: 'enviado', en: 'submitted' },
  },
  accepted: {
    moves: [], verdict: true, notifies: true, alerts: false, unsubmitted: false, retryable: false,
    names: { es: 'aceptado', en: 'accepted' },
  },
  accepted_with_repairs: {
    moves: [], verdict: true, notifies: true, alerts: true, unsubmitted: false, retryable: false,
    names: { es: 'aceptado con reparos', en: 'accepted with repairs' },
  },
  rejected: {
    moves: ['queued'], verdict: true, notifies: true, alerts: true, unsubmitted: false, retryable: true,
    names: { es: 'rechazado', en: 'rejected' },
  },
  failed: {
    moves: ['queued', 'submitted', 'accepted', 'accepted_with_repairs', 'rejected'], verdict: false, notifies: true, alerts: false, unsubmitted: true, retryable: true,
    names: { es: 'fallido', en: 'failed' },
  },
} as const satisfies Record<DocumentState, StateRule>;

/** The machine, read state by state. */
export const DOCUMENT_STATE_MACHINE: Readonly<Record<DocumentState, StateRule>> = MACHINE;

/** The states whose rule says `property`, in DOCUMENT_STATES order. */
function statesWhere(property: 'verdict' | 'notifies' | 'alerts' | 'unsubmitted' | 'retryable'): readonly DocumentState[] {
  return DOCUMENT_STATES.filter((state) => DOCUMENT_STATE_MACHINE[state][property]);
}

/** The SII's verdicts, as a type read from the machine. */
export type VerdictState = { [S in DocumentState]: (typeof MACHINE)[S]['verdict'] extends true ? S : never }[DocumentState];
/** The states a Slack alert is posted for, as a type read from the machine. */
export type AlertedState = { [S in DocumentState]: (typeof MACHINE)[S]['alerts'] extends true ? S : never }[DocumentState];
export const VERDICT_STATES = statesWhere('verdict') as readonly VerdictState[];
/** The states nothing moves a document out of. */
export const FINAL_STATES: readonly DocumentState[] = DOCUMENT_STATES.filter((state) => DOCUMENT_STATE_MACHINE[state].moves.length === 0);
export const NOTIFIED_STATES = statesWhere('notifies');
export const ALERTED_STATES = statesWhere('alerts') as readonly AlertedState[];
export const UNSUBMITTED_STATES = statesWhere('unsubmitted');
export const RETRYABLE_STATES = statesWhere('retryable');

/** Whether a text names a document state. */
export function isDocumentState(text: string): text is DocumentState {
  return (DOCUMENT_STATES as readonly string[]).includes(text);
}

/** Whether a state is a verdict of the SII. */
export function isVerdict(state: DocumentState): state is VerdictState {
  return DOCUMENT_STATE_MACHINE[state].verdict;
}

/** Whether Slack posts an alert for a document that reaches this state. */
export function isAlerted(state: DocumentState): state is AlertedState {
  return DOCUMENT_STATE_MACHINE[state].alerts;
}

/** Whether a document in this state stays in it for good. */
export function isFinal(state: DocumentState): boolean {
  return DOCUMENT_STATE_MACHINE[state].moves.length === 0;
}

/** Whether the SII's verdict may still arrive for a document in this state (it may move to a verdict). */
export function awaitsVerdict(state: DocumentState): boolean {
  return DOCUMENT_STATE_MACHINE[state].moves.some((next) => DOCUMENT_STATE_MACHINE[next].verdict);
}

/** Refuses, with a CONFLICT, a person's retry of a document whose state the machine does not let them retry. */
export function checkRetryable(documentId: string, state: DocumentState): void {
  if (DOCUMENT_STATE_MACHINE[state].retryable) return;
  throw new DteError('CONFLICT', `Document ${documentId} is ${state}; only ${RETRYABLE_STATES.join(' or ')} documents can be sent again.`);
}

/** Refuses a change the machine does not allow, with a CONFLICT that says what is allowed instead. */
export function checkTransition(documentId: string, from: DocumentState, to: DocumentState): void {
  const allowed = DOCUMENT_STATE_MACHINE[from].moves;
  if (allowed.includes(to)) return;
  const instead = allowed.length === 0 ? `${from} is final` : `from ${from} it can only become ${allowed.join(', ')}`;
  throw new DteError('CONFLICT', `Document ${documentId} cannot go from ${from} to ${to}: ${instead}.`, {
    details: { documentId, from, to, allowed: [...allowed] },
  });
}
