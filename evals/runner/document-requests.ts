import { fieldUsage, issuedKind } from '../../src/core/document-kinds/index.ts';
import type { Fixture } from './suite-schema.ts';

/** The demo company every eval fixture belongs to (the embedded start's). */
export const EVAL_COMPANY = '76192083-9';

/** Another company, for cases that must never see the fixtures. */
export const OTHER_COMPANY = '96670340-7';

/** What a fixture references: a stored fixture's type and folio, or a folio the SII never received. */
export interface ReferencedDocument {
  type: number;
  folio: number;
  date: string;
}

/** The request a fixture issues: plain documents a small company sends, with the fields each type needs. */
export function fixtureRequest(fixture: Fixture, today: string, referenced?: ReferencedDocument): Record<string, unknown> {
  const kind = issuedKind(fixture.type);
  const IdDoc: Record<string, unknown> = { TipoDTE: fixture.type, FchEmis: today };
  if (fieldUsage(kind, 'IndTraslado') === 'required') IdDoc.IndTraslado = 1;
  else IdDoc.FmaPago = 1;
  const request: Record<string, unknown> = {
    Encabezado: {
      IdDoc,
      Emisor: { RUTEmisor: EVAL_COMPANY, RznSoc: 'Comercial Demo SpA', GiroEmis: 'Venta de artículos de ferretería', Acteco: [475201], DirOrigen: 'Av. Providencia 1234', CmnaOrigen: 'Providencia' },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Constructora Peñalolén SpA', GiroRecep: 'Construcción', DirRecep: 'Los Álamos 55', CmnaRecep: 'Peñalolén' },
    },
    Detalle: kind.exemptLines === 'all'
      ? [{ NmbItem: 'Asesoría contable', QtyItem: 1, PrcItem: 150000 }]
      : [{ NmbItem: 'Cajón de herramientas', QtyItem: 2, PrcItem: 15000 }, { NmbItem: 'Despacho', QtyItem: 1, PrcItem: 5000 }],
  };
  if (referenced !== undefined) {
    request.Referencia = [{
      TpoDocRef: String(referenced.type), FolioRef: String(referenced.folio), FchRef: referenced.date, CodRef: fixture.codRef ?? 1,
      RazonRef: fixture.codRef === 2 ? 'CORRIGE TEXTO' : fixture.codRef === 3 ? 'CORRIGE MONTOS' : 'ANULA DOCUMENTO',
    }];
  }
  return merge(request, fixture.overrides ?? {});
}

/** Deep merge of plain objects; arrays and values of `extra` replace. */
function merge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = result[key];
    result[key] = value !== null && typeof value === 'object' && !Array.isArray(value) && current !== null && typeof current === 'object' && !Array.isArray(current)
      ? merge(current as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return result;
}
