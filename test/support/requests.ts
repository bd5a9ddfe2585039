import type { TipoDTE } from '../../src/core/document-request.ts';
import { TEST_COMPANY_RUT } from './credentials.ts';

/**
 * A request of the given type as a client would post it, with the fields each type needs. It gives no
 * FchEmis, as the examples do: the issuer dates it on the day it signs it (in Chile).
 */
export function sampleRequest(type: TipoDTE, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  if (type === 39 || type === 41) return { ...sampleBoleta(type), ...overrides };
  const IdDoc: Record<string, unknown> = { TipoDTE: type };
  if (type === 52) IdDoc.IndTraslado = 1;
  if (type !== 52) IdDoc.FmaPago = 1;
  const lines: Record<string, unknown>[] =
    type === 34
      ? [
          { NmbItem: 'Asesoría contable', QtyItem: 1, PrcItem: 150000 },
          { NmbItem: 'Capacitación & soporte <remoto>', QtyItem: 2.5, PrcItem: 1000.5, DescuentoPct: 10 },
        ]
      : [
          { NmbItem: 'Cajón AFECTO', QtyItem: 123, PrcItem: 923, DescuentoPct: 4 },
          { NmbItem: 'Pintura B&W "mate"', QtyItem: 1.5, PrcItem: 1937.25, UnmdItem: 'LT' },
          { NmbItem: 'Servicio EXENTO', QtyItem: 1, PrcItem: 34705, IndExe: 1 },
        ];
  const request: Record<string, unknown> = {
    Encabezado: {
      IdDoc,
      Emisor: {
        RUTEmisor: TEST_COMPANY_RUT,
        RznSoc: 'Comercial Ñandú & Cía. Limitada',
        GiroEmis: 'Venta de artículos de ferretería',
        Acteco: [475201],
        DirOrigen: 'Av. Providencia 1234',
        CmnaOrigen: 'Providencia',
      },
      Receptor: {
        RUTRecep: '77777777-7',
        RznSocRecep: 'Constructora Peñalolén SpA',
        GiroRecep: 'Construcción',
        DirRecep: 'Los Álamos 55',
        CmnaRecep: 'Peñalolén',
      },
    },
    Detalle: lines,
  };
  if (type === 33 || type === 34) {
    request.DscRcgGlobal = [{ TpoMov: 'D', TpoValor: '%', ValorDR: 6, GlosaDR: 'Descuento cliente frecuente' }];
  }
  if (type === 56 || type === 61) {
    request.Referencia = [{ TpoDocRef: '33', FolioRef: '12', FchRef: '2026-11-01', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }];
  }
  return { ...request, ...overrides };
}

/**
 * A boleta as a shop's point of sale posts it: the boleta's tag names (RznSocEmisor, GiroEmisor),
 * IndServicio 3, no receiver (the generic 66666666-6), prices with IVA included.
 */
export function sampleBoleta(type: 39 | 41): Record<string, unknown> {
  const lines: Record<string, unknown>[] =
    type === 41
      ? [{ NmbItem: 'Entrada museo', QtyItem: 2, PrcItem: 3500 }]
      : [
          { NmbItem: 'Café americano', QtyItem: 2, PrcItem: 2500 },
          { NmbItem: 'Medialuna', QtyItem: 3, PrcItem: 990, DescuentoPct: 10 },
          { NmbItem: 'Libro (exento)', QtyItem: 1, PrcItem: 12000, IndExe: 1 },
        ];
  return {
    Encabezado: {
      IdDoc: { TipoDTE: type, IndServicio: 3 },
      Emisor: {
        RUTEmisor: TEST_COMPANY_RUT,
        RznSocEmisor: 'Comercial Ñandú & Cía. Limitada',
        GiroEmisor: 'Cafetería y librería',
        DirOrigen: 'Av. Providencia 1234',
        CmnaOrigen: 'Providencia',
      },
    },
    Detalle: lines,
  };
}
