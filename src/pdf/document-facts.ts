import type { PrintSettings } from '../app/ports/index.ts';
import { formatDate, formatLongDate, formatRut } from './chilean-format.ts';
import type { PrintedDocument } from './printed-document.ts';
import { dispatchName, paymentName, transferName } from './sii-names.ts';

/** A labelled value of the heading: `Giro:` `Construcción`. */
export type Fact = readonly [label: string, value: string];

function present(facts: ReadonlyArray<readonly [string, string | undefined]>): Fact[] {
  return facts.filter((fact): fact is Fact => fact[1] !== undefined && fact[1].trim() !== '');
}

function joined(...parts: Array<string | undefined>): string | undefined {
  const text = parts.filter((part) => part !== undefined && part.trim() !== '').join(', ');
  return text === '' ? undefined : text;
}

/** The issuer's lines under its name: giro, casa matriz or sucursal, telephones and e-mail. */
export function issuerLines(document: PrintedDocument): string[] {
  const { issuer } = document;
  const address = joined(issuer.DirOrigen, issuer.CmnaOrigen, issuer.CiudadOrigen);
  const branch = issuer.Sucursal === undefined ? undefined : `${issuer.Sucursal}${issuer.CdgSIISucur ? ` (código SII ${issuer.CdgSIISucur})` : ''}`;
  return [
    issuer.GiroEmis,
    address === undefined ? undefined : `${branch === undefined ? 'Casa Matriz' : 'Dirección'}: ${address}`,
    branch === undefined ? undefined : `Sucursal: ${branch}`,
    issuer.Telefono.length > 0 ? `Teléfono: ${issuer.Telefono.join(' / ')}` : undefined,
    issuer.CorreoEmisor === undefined ? undefined : `Correo: ${issuer.CorreoEmisor}`,
  ].filter((line): line is string => line !== undefined && line.trim() !== '');
}

/**
 * The line under the recuadro: the SII office of the issuer's casa matriz (Manual §1.1.4). Without a
 * configured office it names the issuer's city or commune, the best the document itself says.
 */
export function officeLine(document: PrintedDocument, settings: PrintSettings): string {
  const office = settings.siiOffice ?? document.issuer.CiudadOrigen ?? document.issuer.CmnaOrigen;
  return office === undefined || office.trim() === '' ? 'S.I.I.' : `S.I.I. - ${office.trim().toLocaleUpperCase('es-CL')}`;
}

/** `Fecha de emisión: 20 de noviembre de 2026`. */
export function issueDateLine(document: PrintedDocument): string {
  return `Fecha de emisión: ${formatLongDate(document.FchEmis)}`;
}

/** The receiver, in two columns: who (left) and where (right), as in the Manual's examples. */
export function receiverFacts(document: PrintedDocument): { left: Fact[]; right: Fact[] } {
  const { receiver } = document;
  return {
    left: present([
      ['Señor(es):', receiver.RznSocRecep],
      ['Giro:', receiver.GiroRecep],
      ['Dirección:', receiver.DirRecep],
      ['Contacto:', receiver.Contacto],
    ]),
    right: present([
      ['R.U.T.:', formatRut(receiver.RUTRecep)],
      ['Comuna:', receiver.CmnaRecep],
      ['Ciudad:', receiver.CiudadRecep],
      ['Correo:', receiver.CorreoRecep],
    ]),
  };
}

/** Payment and, for a guía, the traslado, the despacho and the transport. */
export function conditionFacts(document: PrintedDocument): { left: Fact[]; right: Fact[] } {
  const transport = document.transport;
  const driver = transport?.NombreChofer === undefined && transport?.RUTChofer === undefined
    ? undefined
    : [transport?.NombreChofer, transport?.RUTChofer === undefined ? undefined : `R.U.T. ${formatRut(transport.RUTChofer)}`].filter(Boolean).join(', ');
  return {
    left: present([
      ['Forma de pago:', document.FmaPago === undefined ? undefined : paymentName(document.FmaPago)],
      ['Condiciones:', document.TermPagoGlosa],
      ['Tipo de traslado:', document.IndTraslado === undefined ? undefined : transferName(document.IndTraslado)],
      ['Despacho:', document.TipoDespacho === undefined ? undefined : dispatchName(document.TipoDespacho)],
    ]),
    right: present([
      ['Vencimiento:', document.FchVenc === undefined ? undefined : formatDate(document.FchVenc)],
      ['Patente:', transport?.Patente],
      ['Transportista:', transport?.RUTTrans === undefined ? undefined : `R.U.T. ${formatRut(transport.RUTTrans)}`],
      ['Chofer:', driver],
      ['Destino:', joined(transport?.DirDest, transport?.CmnaDest, transport?.CiudadDest)],
    ]),
  };
}
