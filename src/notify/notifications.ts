import type { Logger } from 'pino';
import { z } from 'zod';
import { JOB_NAMES, jobText, readJobData, type AuditEntry, type ClaimListener, type DocumentListener, type DocumentRecord, type JobContext, type JobData, type JobHandler, type JobRunner, type Store } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import { DOCUMENT_STATE_MACHINE } from '../core/document-states.ts';
import { claimEvent, documentEvent, safeUrl, type DocumentEvent } from './document-event.ts';
import { DEFAULT_ODOO_FIELD_MAP, isOdooError, odooError, type OdooClient, type OdooConnection, type OdooFieldMap } from './odoo-client.ts';
import { createOdooClient } from './create-odoo-client.ts';
import { deliverWebhook } from './webhook-delivery.ts';

/** The job names of notifications (JOB_NAMES'); their retry policies are DEFAULT_JOB_POLICIES' `webhook` and `odoo`. */
export const NOTIFICATION_JOBS = { webhook: JOB_NAMES.webhook, odoo: JOB_NAMES.odoo } as const;

/** The event a delivery carries, as documentEvent made it. */
const eventSchema = z.custom<DocumentEvent>((value) => typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string'
  && typeof (value as { document?: unknown }).document === 'object', 'a document event');
const deliverySchema = z.object({ companyRut: jobText, documentId: jobText, deliveryId: jobText, event: eventSchema });
const webhookJobSchema = deliverySchema.extend({ url: jobText });
const odooJobSchema = deliverySchema.extend({ model: jobText, recordId: z.coerce.number().int() });

/** What telling others needs. */
export interface NotificationOptions {
  /** The queue's runner: deliveries are jobs, so they are retried and, on BullMQ, survive restarts. */
  runner: Pick<JobRunner, 'add'>;
  /** Every delivery's outcome is written to the audit log. */
  store: Pick<Store, 'audit'>;
  /** WEBHOOK_SECRET; null sends webhooks unsigned. Never logged. */
  webhookSecret: string | null;
  /** Odoo, when configured: the client (createOdooClient) and which fields to write. */
  odoo?: { client: OdooClient; fields?: OdooFieldMap };
  /** Milliseconds a webhook receiver has to answer; 10,000 by default. */
  webhookTimeoutMs?: number;
  /** CALLBACK_ALLOW_PRIVATE: webhooks may go to loopback, private and link-local addresses; false by default. */
  allowPrivateCallbacks?: boolean;
  clock?: () => Date;
  logger?: Logger;
}

/**
 * Tells others when a document reaches a state they care about (those the state machine says notify: the SII's verdicts,
 * and `failed` when a person must act): a signed webhook to the document's callbackUrl, and the
 * state written on its Odoo invoice when Odoo is configured and the document names one. Each is a
 * job of the queue's runner, retried with backoff; the same delivery is queued once while pending.
 * Delivery is at least once: receivers drop repeats by the X-DTE-Delivery header.
 */
export function createNotifications(options: NotificationOptions): DocumentListener & ClaimListener {
  return {
    handlers: { [NOTIFICATION_JOBS.webhook]: webhookJob(options), [NOTIFICATION_JOBS.odoo]: odooJob(options) },
    async documentSettled(document: DocumentRecord) {
      if (!DOCUMENT_STATE_MACHINE[document.state].notifies) return;
      await deliver(options, document, documentEvent(document), `${document.id}:${document.state}:${document.updatedAt.getTime()}`);
    },
    // A receiver's claim (Ley 19.983): `document.claimed` to the webhook, a message on the Odoo record.
    documentClaimed: (document, claim) => deliver(options, document, claimEvent(document, claim), `${document.id}:claim:${claim.id}`),
  };
}

/** Queues an event's webhook and Odoo deliveries, each once while pending. */
async function deliver(options: NotificationOptions, document: DocumentRecord, event: DocumentEvent, deliveryId: string): Promise<void> {
  const common = { companyRut: document.companyRut, documentId: document.id, deliveryId, event };
  if (document.callbackUrl !== null) {
    await options.runner.add(NOTIFICATION_JOBS.webhook, { ...common, url: document.callbackUrl }, { key: `webhook:${deliveryId}` });
  }
  const reference = document.odooReference;
  if (options.odoo !== undefined && reference !== null) {
    await options.runner.add(NOTIFICATION_JOBS.odoo, { ...common, model: reference.model, recordId: reference.id }, { key: `odoo:${deliveryId}` });
  }
}

/** Writes a delivery's outcome to the audit log; a failure to do so is logged, never the delivery's. */
async function audit(options: NotificationOptions, entry: AuditEntry): Promise<void> {
  await options.store.audit.record(entry).catch((error: unknown) =>
    options.logger?.error({ action: entry.action, err: error instanceof Error ? error.message : String(error) }, 'could not audit a delivery'));
}

/** The `webhook` job: one signed POST to the document's callbackUrl, audited; a failure is thrown for the runner to retry when it may help. */
function webhookJob(options: NotificationOptions): JobHandler {
  const clock = options.clock ?? (() => new Date());
  return async (data: JobData, context: JobContext) => {
    const { companyRut, documentId, url, deliveryId, event } = readJobData(JOB_NAMES.webhook, webhookJobSchema, data);
    const result = await deliverWebhook({
      url, body: JSON.stringify(event), secret: options.webhookSecret, deliveryId, timeoutMs: options.webhookTimeoutMs ?? 10_000, now: clock(),
      allowPrivateAddresses: options.allowPrivateCallbacks ?? false,
    });
    const final = result.ok || !result.retryable || context.attempt >= context.attempts;
    await audit(options, {
      actor: 'system:webhook', action: result.ok ? 'webhook.delivered' : final ? 'webhook.failed' : 'webhook.retrying',
      target: documentId, companyRut,
      detail: {
        event: event.event, url: safeUrl(url), attempt: context.attempt, deliveryId,
        ...(result.status === undefined ? {} : { status: result.status }), ...(result.ok ? {} : { message: result.message }),
      },
    });
    if (result.ok) return;
    options.logger?.warn({ company: companyRut, documentId, url: safeUrl(url), attempt: context.attempt, err: result.message }, 'webhook not delivered');
    throw new DteError('DELIVERY_FAILED', result.message, { retryable: result.retryable });
  };
}

/** The `odoo` job: the state (and a note with the codes) written on the document's Odoo record, audited. */
function odooJob(options: NotificationOptions): JobHandler {
  const odooFields = options.odoo?.fields ?? DEFAULT_ODOO_FIELD_MAP;
  return async (data: JobData, context: JobContext) => {
    const client = options.odoo?.client;
    if (client === undefined) throw new DteError('JOB_INVALID', 'Odoo is not configured.');
    const { companyRut, documentId, model, deliveryId, recordId, event } = readJobData(JOB_NAMES.odoo, odooJobSchema, data);
    const values = odooValues(event, odooFields);
    let failure: DteError | undefined;
    try {
      if (Object.keys(values).length > 0) await client.write(model, [recordId], values);
      if (odooFields.postMessage) await client.postMessage(model, recordId, odooNote(event));
    } catch (error) {
      failure = isOdooError(error) ? error : odooError(`Odoo call failed: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    const final = failure === undefined || !failure.retryable || context.attempt >= context.attempts;
    await audit(options, {
      actor: 'system:odoo', action: failure === undefined ? 'odoo.updated' : final ? 'odoo.failed' : 'odoo.retrying',
      target: documentId, companyRut,
      detail: { event: event.event, model, recordId, attempt: context.attempt, deliveryId, fields: Object.keys(values), ...(failure ? { message: failure.message } : {}) },
    });
    if (failure === undefined) return;
    options.logger?.warn({ company: companyRut, documentId, attempt: context.attempt, err: failure.message }, 'Odoo not updated');
    throw failure;
  };
}

/** The values written on the Odoo record: its state and track id, as the field map says. */
export function odooValues(event: DocumentEvent, fields: OdooFieldMap): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  // A claim changes nothing of the SII's verdict: l10n_cl_edi has no field for it, so it is told in a message only.
  if (event.claim !== undefined) return values;
  const state = fields.stateValues[event.document.state];
  if (fields.state !== null && state !== undefined) values[fields.state] = state;
  if (fields.trackId !== null && event.document.trackId !== null) values[fields.trackId] = event.document.trackId;
  return values;
}

/** The note posted on the Odoo record: the verdict, the track id and every code of the SII. */
export function odooNote(event: DocumentEvent): string {
  const { document } = event;
  const track = document.trackId === null ? '' : ` (SII track id ${document.trackId})`;
  if (event.claim !== undefined) {
    return `DTE ${document.type} folio ${document.folio}: claimed by the receiver (${event.claim.code}, ${event.claim.description}) on ${event.claim.at}, `
      + `as the SII's registry records it (Ley 19.983). Consider a nota de crédito.`;
  }
  const lines = [`DTE ${document.type} folio ${document.folio}: ${document.state.replaceAll('_', ' ')}${track}.`];
  for (const code of document.codes) lines.push(`${code.code}: ${code.message}${code.detail ? ` (${code.detail})` : ''}`);
  return lines.join('\n');
}

/** What the composition root passes: the configuration's Odoo part instead of a client. */
export interface NotifierOptions extends Omit<NotificationOptions, 'odoo'> {
  /**
   * The service's configuration; `odoo` and `callbackAllowPrivate` are read (src/config's Config
   * fits: OdooConfig or null, and CALLBACK_ALLOW_PRIVATE).
   */
  config?: { readonly odoo: Readonly<OdooConnection> | null; readonly callbackAllowPrivate?: boolean };
  /** Which Odoo fields receive what; DEFAULT_ODOO_FIELD_MAP (l10n_cl_edi) when absent. */
  odooFields?: OdooFieldMap;
  /** Milliseconds an Odoo call may take; 15,000 by default. */
  odooTimeoutMs?: number;
}

/**
 * createNotifications for the composition root: builds the Odoo client from the configuration
 * (JSON-2 with an API key, XML-RPC with a user and password) when Odoo is configured.
 */
export function createNotifier(options: NotifierOptions): DocumentListener & ClaimListener {
  const { config, odooFields, odooTimeoutMs, ...given } = options;
  const rest: NotificationOptions = { ...given, allowPrivateCallbacks: given.allowPrivateCallbacks ?? config?.callbackAllowPrivate ?? false };
  const connection = config?.odoo ?? null;
  if (connection === null) return createNotifications(rest);
  const client = createOdooClient(connection, odooTimeoutMs);
  return createNotifications({ ...rest, odoo: { client, ...(odooFields === undefined ? {} : { fields: odooFields }) } });
}
