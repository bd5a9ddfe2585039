/** The factura no afecta o exenta electrónica (TipoDTE 34): every line is exempt, no IVA. */
import type { DocumentKind } from './document-kind.ts';

export const FACTURA_EXENTA = {
  code: 34,
  family: 'factura',
  names: { short: 'factura exenta', plural: 'facturas exentas', aliases: [String.raw`(?:factura|fact?\.?|fe)\s*exenta|fex|invoice\s+exempt|exempt\s+invoice`] },
  fields: { IndTraslado: 'forbidden', IndNoRebaja: 'forbidden' },
  addresses: 'required',
  iva: 'forbidden',
  exemptLines: 'all',
  references: 'allowed',
  envelope: 'EnvioDTE',
  channel: 'dte-upload',
  printedTitle: 'FACTURA NO AFECTA O EXENTA ELECTRÓNICA',
  cedible: 'always',
  cedibleLegend: 'CEDIBLE',
} as const satisfies DocumentKind;
