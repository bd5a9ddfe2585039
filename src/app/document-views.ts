import type { DocumentRecord, EnvelopeRecord, HistoryEntry } from './ports/index.ts';
import type { DocumentView, EnvelopeView } from './ports/index.ts';

/** A stored document and its history as the API shows them. */
export function documentView(record: DocumentRecord, history: HistoryEntry[]): DocumentView {
  const totals = record.request.Encabezado.Totales ?? { MntTotal: record.totalAmount };
  return {
    id: record.id,
    companyRut: record.companyRut,
    type: record.type,
    folio: record.folio,
    state: record.state,
    trackId: record.trackId,
    codes: record.siiCodes?.codes ?? [],
    totals: {
      ...(totals.MntNeto === undefined ? {} : { MntNeto: totals.MntNeto }),
      ...(totals.MntExe === undefined ? {} : { MntExe: totals.MntExe }),
      ...(totals.IVA === undefined ? {} : { IVA: totals.IVA }),
      MntTotal: totals.MntTotal,
    },
    callbackUrl: record.callbackUrl,
    odoo: record.odooReference,
    history: history.map((entry) => ({
      from: entry.from,
      to: entry.to,
      at: entry.at.toISOString(),
      ...(typeof entry.detail?.message === 'string' ? { detail: entry.detail.message } : {}),
    })),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** A stored envelope as the API shows it (never its XML: that is the company's signed documents). */
export function envelopeView(record: EnvelopeRecord): EnvelopeView {
  return {
    id: record.id, state: record.state, trackId: record.trackId, attempts: record.attempts, documentIds: [...record.documentIds],
    detail: record.detail, createdAt: record.createdAt.toISOString(), updatedAt: record.updatedAt.toISOString(),
  };
}
