/**
 * The boleta no afecta o exenta electrónica (TipoDTE 41): a consumer sale with no IVA, every line
 * exempt by its nature; no MntNeto, IVA or IndMntNeto (Formato Boletas Electrónicas v4.1,
 * Encabezado fields 6 and 32–34: "no aplica en boleta exenta").
 */
import type { DocumentKind } from './document-kind.ts';

export const BOLETA_EXENTA = {
  code: 41,
  family: 'boleta',
  format: 'boleta',
  names: {
    short: 'boleta exenta',
    plural: 'boletas exentas',
    aliases: [String.raw`boleta\s+(?:no\s+afecta|exenta)(?:\s+o\s+exenta)?(?:\s+electr[oó]nica)?|bex|exempt\s+receipt`],
  },
  fields: { IndServicio: 'required', IndTraslado: 'forbidden', IndNoRebaja: 'forbidden', TipoDespacho: 'forbidden' },
  addresses: 'allowed',
  iva: 'forbidden',
  exemptLines: 'all',
  references: 'allowed',
  envelope: 'EnvioBOLETA',
  channel: 'boleta-api',
  printedTitle: 'BOLETA NO AFECTA O EXENTA ELECTRÓNICA',
  cedible: 'never',
} as const satisfies DocumentKind;
