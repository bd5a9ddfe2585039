/**
 * Writes the Encabezado of a boleta's `<Documento>` in the order of EnvioBOLETA_v11.xsd: the boleta's
 * tag names for the issuer (RznSocEmisor, GiroEmisor), IndServicio and IndMntNeto, no Acteco, no
 * TasaIVA. Detalle, DscRcgGlobal and Referencia are written as on any DTE (build-document.ts).
 */
import type { Emisor, IdDoc, Receptor, Totales } from './document-request.ts';
import { element, textElement } from './xml-writer.ts';

/** The boleta's Encabezado, from a request validated as a boleta (boleta-request.ts). */
export function boletaEncabezado(value: { IdDoc: IdDoc; Emisor: Emisor; Receptor: Receptor }, folio: number, totals: Totales): string {
  const { IdDoc: id, Emisor: issuer, Receptor: receiver } = value;
  return element('Encabezado', [
    element('IdDoc', [
      textElement('TipoDTE', id.TipoDTE),
      textElement('Folio', folio),
      textElement('FchEmis', id.FchEmis),
      textElement('IndServicio', id.IndServicio),
      textElement('IndMntNeto', id.IndMntNeto),
      textElement('FchVenc', id.FchVenc),
    ]),
    element('Emisor', [
      textElement('RUTEmisor', issuer.RUTEmisor),
      textElement('RznSocEmisor', issuer.RznSoc),
      textElement('GiroEmisor', issuer.GiroEmis),
      textElement('CdgSIISucur', issuer.CdgSIISucur),
      textElement('DirOrigen', issuer.DirOrigen),
      textElement('CmnaOrigen', issuer.CmnaOrigen),
      textElement('CiudadOrigen', issuer.CiudadOrigen),
    ]),
    element('Receptor', [
      textElement('RUTRecep', receiver.RUTRecep),
      textElement('CdgIntRecep', receiver.CdgIntRecep),
      textElement('RznSocRecep', receiver.RznSocRecep),
      textElement('Contacto', receiver.Contacto),
      textElement('CorreoRecep', receiver.CorreoRecep),
      textElement('DirRecep', receiver.DirRecep),
      textElement('CmnaRecep', receiver.CmnaRecep),
      textElement('CiudadRecep', receiver.CiudadRecep),
    ]),
    element('Totales', [
      textElement('MntNeto', totals.MntNeto),
      textElement('MntExe', totals.MntExe),
      textElement('IVA', totals.IVA),
      textElement('MntTotal', totals.MntTotal),
    ]),
  ]);
}
