import type { AgentCitation, DocumentSummary, DocumentView } from '../src/app/ports/index.ts';
import { spokenName } from '../src/core/document-kinds/index.ts';
import { capText } from './tool.ts';

/** A document's short name, the registry's Spanish short name capitalised: "Nota de crédito 55". */
export function documentTitle(type: number, folio: number): string {
  const name = spokenName(type, 'es', 'short');
  return `${name === undefined ? `Documento tipo ${type}` : name.charAt(0).toUpperCase() + name.slice(1)} ${folio}`;
}

/** What a tool says of a document: its identity, state, SII codes (messages capped) and totals; never its XML. */
export function documentSummary(document: DocumentView): DocumentSummary {
  return {
    id: document.id,
    companyRut: document.companyRut,
    type: document.type,
    title: documentTitle(document.type, document.folio),
    folio: document.folio,
    state: document.state,
    trackId: document.trackId,
    codes: document.codes.map((code) => ({ code: code.code, message: capText(code.message) ?? '', ...(code.detail === undefined ? {} : { detail: capText(code.detail) ?? '' }) })),
    totals: document.totals,
    createdAt: document.createdAt,
  };
}

/** The citation of a document. */
export function documentCitation(document: Pick<DocumentView, 'id' | 'type' | 'folio'>): AgentCitation {
  return { kind: 'document', id: document.id, title: documentTitle(document.type, document.folio) };
}
