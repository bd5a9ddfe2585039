/** The factura electrónica (TipoDTE 33): a sale or service affected by IVA. */
import type { DocumentKind } from './document-kind.ts';

export const FACTURA = {
  code: 33,
  family: 'factura',
  names: { short: 'factura', plural: 'facturas', aliases: [String.raw`factura|fact?\.?|fe|invoice`] },
  fields: { IndTraslado: 'forbidden', IndNoRebaja: 'forbidden' },
  addresses: 'required',
  iva: 'allowed',
  exemptLines: 'not-all',
  exemptCounterpart: 34,
  references: 'allowed',
  envelope: 'EnvioDTE',
  channel: 'dte-upload',
  printedTitle: 'FACTURA ELECTRÓNICA',
  cedible: 'always',
  cedibleLegend: 'CEDIBLE',
} as const satisfies DocumentKind;
