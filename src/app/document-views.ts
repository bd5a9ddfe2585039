import type { DocumentRecord, HistoryEntry } from './ports/index.ts';
import type { DocumentView, OdooReference, SiiCode } from './ports/index.ts';

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
    codes: siiCodesOf(record.siiCodes),
    totals: {
      ...(totals.MntNeto === undefined ? {} : { MntNeto: totals.MntNeto }),
      ...(totals.MntExe === undefined ? {} : { MntExe: totals.MntExe }),
      ...(totals.IVA === undefined ? {} : { IVA: totals.IVA }),
      MntTotal: totals.MntTotal,
    },
    callbackUrl: record.callbackUrl,
    odoo: odooReference(record.odooReference),
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

/** The SII's codes kept with a document (`siiCodes.codes`, as the queue writes them). */
export function siiCodesOf(value: Record<string, unknown> | null): SiiCode[] {
  const codes = value?.codes;
  if (!Array.isArray(codes)) return [];
  return codes.flatMap((entry: unknown) => {
    const code = entry as Partial<SiiCode> | null;
    if (typeof code?.code !== 'string') return [];
    return [{ code: code.code, message: typeof code.message === 'string' ? code.message : '', ...(typeof code.detail === 'string' ? { detail: code.detail } : {}) }];
  });
}

function odooReference(value: Record<string, unknown> | null): OdooReference | null {
  return value && typeof value.model === 'string' && typeof value.id === 'number' ? { model: value.model, id: value.id } : null;
}
