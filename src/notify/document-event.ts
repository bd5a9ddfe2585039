import type { DocumentIdentity, DocumentRecord, RegistryEventRecord, SiiCode } from '../app/ports/index.ts';

/** One code of the SII, as webhooks and Odoo messages carry it. */
export type EventCode = SiiCode;

/** The webhook body: `{ event, document }`, with `event` such as `document.accepted`; the document as the API names its fields. */
export interface DocumentEvent {
  event: string;
  document: DocumentIdentity;
  /** On `document.claimed`: the receiver's claim as the SII's registry lists it (Ley 19.983). */
  claim?: { code: string; description: string; responsibleRut: string; at: string };
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

/** The event of a claim the registry lists on the document: `document.claimed`, with the claim. */
export function claimEvent(document: DocumentRecord, claim: RegistryEventRecord): DocumentEvent {
  return {
    ...documentEvent(document),
    event: 'document.claimed',
    claim: { code: claim.code, description: claim.description, responsibleRut: claim.responsibleRut, at: claim.at.toISOString() },
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
