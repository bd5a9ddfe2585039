import type { JobHandlers } from './job-runner.ts';
import type { DocumentRecord } from './records.ts';

/**
 * Told when a document reached a state others must hear about: a verdict (accepted,
 * accepted_with_repairs, rejected) or a failure that needs a person. It queues its deliveries as
 * jobs of the same runner (its `handlers`) and returns; it may be told twice about one state after
 * a crash, so deliveries are at least once. The service has a list of them (webhooks and Odoo,
 * Slack alerts), each told in turn.
 */
export interface DocumentListener {
  documentSettled(document: DocumentRecord): Promise<void>;
  /** The jobs it runs, by name; names must not clash with another listener's or the queue's. */
  readonly handlers: JobHandlers;
}
