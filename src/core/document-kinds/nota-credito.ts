/** The nota de crédito electrónica (TipoDTE 61): lowers the amount of, corrects or annuls a document. */
import type { DocumentKind } from './document-kind.ts';

export const NOTA_CREDITO = {
  code: 61,
  family: 'nota',
  names: { short: 'nota de crédito', plural: 'notas de crédito', aliases: [String.raw`nota\s+(?:de\s+)?cr[eé]dito|n\s*[/.]\s*c\.?|nc|credit\s+note`] },
  fields: { IndTraslado: 'forbidden', TipoDespacho: 'forbidden' },
  addresses: 'allowed',
  iva: 'allowed',
  exemptLines: 'allowed',
  references: 'required',
  // Formato DTE, Referencia: a nota de crédito annuls a factura, factura de compra or nota de débito.
  annuls: { types: ['30', '32', '33', '34', '45', '46', '55', '56'], described: 'a factura, factura de compra or nota de débito' },
  envelope: 'EnvioDTE',
  channel: 'dte-upload',
  printedTitle: 'NOTA DE CRÉDITO ELECTRÓNICA',
  cedible: 'never',
} as const satisfies DocumentKind;
