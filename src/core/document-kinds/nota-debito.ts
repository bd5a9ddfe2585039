/** The nota de débito electrónica (TipoDTE 56): raises the amount of, or annuls, a nota de crédito. */
import type { DocumentKind } from './document-kind.ts';

export const NOTA_DEBITO = {
  code: 56,
  family: 'nota',
  names: { short: 'nota de débito', plural: 'notas de débito', aliases: [String.raw`nota\s+(?:de\s+)?d[eé]bito|n\s*[/.]\s*d\.?|nd|debit\s+note`] },
  fields: { IndTraslado: 'forbidden', IndNoRebaja: 'forbidden', TipoDespacho: 'forbidden' },
  addresses: 'allowed',
  iva: 'allowed',
  exemptLines: 'allowed',
  references: 'required',
  // Formato DTE, Referencia: a nota de débito annuls a nota de crédito, paper or electronic.
  annuls: { types: ['60', '61'], described: 'a nota de crédito (60 or 61)' },
  envelope: 'EnvioDTE',
  channel: 'dte-upload',
  printedTitle: 'NOTA DE DÉBITO ELECTRÓNICA',
  cedible: 'never',
} as const satisfies DocumentKind;
