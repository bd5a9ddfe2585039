/**
 * The boleta electrónica (TipoDTE 39): a sale to a consumer, sent in an EnvioBOLETA through the
 * SII's boleta REST service. Its line prices include IVA unless IndMntNeto is 2; it needs
 * IndServicio; a consumer without RUT is the generic receiver 66666666-6 (Formato Boletas
 * Electrónicas v4.1, 2024-12-31, Encabezado fields 5, 6, 18 and 32–35).
 */
import type { DocumentKind } from './document-kind.ts';

export const BOLETA = {
  code: 39,
  family: 'boleta',
  format: 'boleta',
  names: { short: 'boleta', plural: 'boletas', aliases: [String.raw`boleta(?:\s+electr[oó]nica|\s+afecta)?|bol\.?|be|receipt`] },
  fields: { IndServicio: 'required', IndTraslado: 'forbidden', IndNoRebaja: 'forbidden', TipoDespacho: 'forbidden' },
  addresses: 'allowed',
  iva: 'allowed',
  exemptLines: 'allowed',
  references: 'allowed',
  envelope: 'EnvioBOLETA',
  channel: 'boleta-api',
  printedTitle: 'BOLETA ELECTRÓNICA',
  cedible: 'never',
} as const satisfies DocumentKind;
