import type { AgentCitation, DocumentSummary, DocumentView } from '../src/app/ports/index.ts';
import { capText } from './tool.ts';

/** The document-type names the tools use in citations. */
const SHORT_NAMES: Readonly<Record<number, string>> = {
  33: 'Factura', 34: 'Factura exenta', 39: 'Boleta', 41: 'Boleta exenta', 46: 'Factura de compra', 52: 'Guía de despacho', 56: 'Nota de débito', 61: 'Nota de crédito',
};

/** A document's short name: "Nota de crédito 55". */
export function documentTitle(type: number, folio: number): string {
  return `${SHORT_NAMES[type] ?? `Documento tipo ${type}`} ${folio}`;
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
