import { DteError } from '../core/errors.ts';
import { VERDICT_STATES, type DocumentState } from '../core/document-states.ts';

/**
 * How to reach Odoo, the shape of src/config's OdooConfig: the JSON-2 API of Odoo 19+ with an API
 * key, or XML-RPC (older Odoo) with a user and password.
 */
export type OdooConnection =
  | { protocol: 'json-2'; url: string; database: string | null; apiKey: string }
  | { protocol: 'xml-rpc'; url: string; database: string; username: string; password: string };

/** The few ORM calls the service makes on an Odoo record. */
export interface OdooClient {
  /** `write` on records of a model. */
  write(model: string, ids: readonly number[], values: Record<string, unknown>): Promise<void>;
  /** `message_post` on one record: a note in its chatter. */
  postMessage(model: string, id: number, body: string): Promise<void>;
}

/** A failed Odoo call (ODOO_FAILED); the message never carries the API key or the password. */
export function odooError(message: string, retryable: boolean): DteError {
  return new DteError('ODOO_FAILED', message, { retryable });
}

/** Whether an error is a failed Odoo call. */
export function isOdooError(error: unknown): error is DteError {
  return error instanceof DteError && error.code === 'ODOO_FAILED';
}

/**
 * Which fields of the invoice receive what. The defaults are those of Odoo's Chilean localisation
 * (l10n_cl_edi on account.move): `l10n_cl_dte_status` (selection: accepted, objected, rejected, …)
 * and `l10n_cl_sii_send_ident` (the track id). Another module's fields can be named instead; a null
 * field is not written.
 */
export interface OdooFieldMap {
  state: string | null;
  /** The value written in `state` per product state; a state without a value is not written. */
  stateValues: Partial<Record<DocumentState, string>>;
  trackId: string | null;
  /** Whether a note with the verdict and the SII's codes is posted on the record (message_post). */
  postMessage: boolean;
}

/**
 * The field map of l10n_cl_edi: every verdict is written, under its own name except repairs, which
 * Odoo calls `objected`. A failure is not written as a state (Odoo has none for it): the note tells it.
 */
export const DEFAULT_ODOO_FIELD_MAP: OdooFieldMap = {
  state: 'l10n_cl_dte_status',
  stateValues: Object.fromEntries(VERDICT_STATES.map((state) => [state, state === 'accepted_with_repairs' ? 'objected' : state])),
  trackId: 'l10n_cl_sii_send_ident',
  postMessage: true,
};

/** Removes secrets from text that came back from Odoo or a transport. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result.slice(0, 500);
}
