import type { DocumentIdentity, DocumentRecord, DocumentState, SiiCode } from '../app/ports/index.ts';

/** The states others are told about: the SII's verdicts, and a failure that needs a person. */
export const NOTIFIED_STATES: ReadonlySet<DocumentState> = new Set(['accepted', 'accepted_with_repairs', 'rejected', 'failed']);

/** One code of the SII, as webhooks and Odoo messages carry it. */
export type EventCode = SiiCode;

/** The webhook body: `{ event, document }`, with `event` such as `document.accepted`; the document as the API names its fields. */
export interface DocumentEvent {
  event: string;
  document: DocumentIdentity;
}

/** The event of a document's current state. */
export function documentEvent(document: DocumentRecord): DocumentEvent {
  return {
    event: `document.${document.state}`,
    document: {
      id: document.id,
      companyRut: document.companyRut,
      type: document.type,
      folio: document.folio,
      state: document.state,
      trackId: document.trackId,
      codes: document.siiCodes?.codes ?? [],
    },
  };
}

/** A URL fit for logs and the audit log: scheme, host and path, without credentials or query. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
