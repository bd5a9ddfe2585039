/**
 * The guía de despacho electrónica (TipoDTE 52): goods moved, sold or not (IndTraslado). It has no
 * global discounts, no IndServicio and no FchVenc; a guía that is not a sale may have lines without
 * a price.
 */
import type { DocumentKind } from './document-kind.ts';

export const GUIA_DESPACHO = {
  code: 52,
  family: 'guia',
  names: { short: 'guía de despacho', plural: 'guías de despacho', aliases: [String.raw`gu[ií]a(?:\s+de\s+despacho|\s+desp\.?)?|gd|dispatch\s+guide`] },
  fields: { IndTraslado: 'required', IndNoRebaja: 'forbidden', IndServicio: 'forbidden', FchVenc: 'forbidden', DscRcgGlobal: 'forbidden' },
  addresses: 'required',
  iva: 'allowed',
  exemptLines: 'allowed',
  references: 'allowed',
  envelope: 'EnvioDTE',
  channel: 'dte-upload',
  printedTitle: 'GUÍA DE DESPACHO ELECTRÓNICA',
  cedible: 'when-sale',
  cedibleLegend: 'CEDIBLE CON SU FACTURA',
} as const satisfies DocumentKind;
