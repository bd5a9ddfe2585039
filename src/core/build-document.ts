import type {
  ComputedTotals,
  DetalleLine,
  DocumentRequest,
  DscRcgGlobal,
  Emisor,
  IdDoc,
  Receptor,
  Referencia,
  Totales,
  Transporte,
} from './document-request.ts';
import { boletaEncabezado } from './build-boleta-document.ts';
import { isBoletaFormat, issuedKind } from './document-kinds/document-kinds.ts';
import { element, textElement } from './xml-writer.ts';

/**
 * Writes the parts of a `<Documento>` in the order of DTE_v10.xsd, in canonical form. The request is
 * already validated and its text restricted to ISO-8859-1; amounts come from computeTotals, so the
 * XML states exactly the numbers that were checked.
 */
export function buildDocumentBody(request: DocumentRequest, folio: number, totals: ComputedTotals): string[] {
  const { Encabezado } = request;
  const encabezado = isBoletaFormat(issuedKind(Encabezado.IdDoc.TipoDTE))
    ? boletaEncabezado(Encabezado, folio, totals.Totales)
    : element('Encabezado', [
      idDoc(Encabezado.IdDoc, folio),
      emisor(Encabezado.Emisor),
      receptor(Encabezado.Receptor),
      Encabezado.Transporte ? transporte(Encabezado.Transporte) : '',
      totales(totals.Totales),
    ]);
  return [
    encabezado,
    ...request.Detalle.map((line, index) => detalle(line, index, totals)),
    ...(request.DscRcgGlobal ?? []).map(dscRcgGlobal),
    ...(request.Referencia ?? []).map(referencia),
  ];
}

/** The Documento's ID attribute, the Reference URI of its signature. */
export function documentId(type: number, folio: number): string {
  return `F${folio}T${type}`;
}

function idDoc(value: IdDoc, folio: number): string {
  return element('IdDoc', [
    textElement('TipoDTE', value.TipoDTE),
    textElement('Folio', folio),
    textElement('FchEmis', value.FchEmis),
    textElement('IndNoRebaja', value.IndNoRebaja),
    textElement('TipoDespacho', value.TipoDespacho),
    textElement('IndTraslado', value.IndTraslado),
    textElement('IndServicio', value.IndServicio),
    textElement('FmaPago', value.FmaPago),
    textElement('TermPagoGlosa', value.TermPagoGlosa),
    textElement('FchVenc', value.FchVenc),
  ]);
}

function emisor(value: Emisor): string {
  return element('Emisor', [
    textElement('RUTEmisor', value.RUTEmisor),
    textElement('RznSoc', value.RznSoc),
    textElement('GiroEmis', value.GiroEmis),
    ...(value.Telefono ?? []).map((telefono) => textElement('Telefono', telefono)),
    textElement('CorreoEmisor', value.CorreoEmisor),
    ...(value.Acteco ?? []).map((acteco) => textElement('Acteco', acteco)),
    textElement('Sucursal', value.Sucursal),
    textElement('CdgSIISucur', value.CdgSIISucur),
    textElement('DirOrigen', value.DirOrigen),
    textElement('CmnaOrigen', value.CmnaOrigen),
    textElement('CiudadOrigen', value.CiudadOrigen),
    textElement('CdgVendedor', value.CdgVendedor),
  ]);
}

function receptor(value: Receptor): string {
  return element('Receptor', [
    textElement('RUTRecep', value.RUTRecep),
    textElement('CdgIntRecep', value.CdgIntRecep),
    textElement('RznSocRecep', value.RznSocRecep),
    textElement('GiroRecep', value.GiroRecep),
    textElement('Contacto', value.Contacto),
    textElement('CorreoRecep', value.CorreoRecep),
    textElement('DirRecep', value.DirRecep),
    textElement('CmnaRecep', value.CmnaRecep),
    textElement('CiudadRecep', value.CiudadRecep),
  ]);
}

function transporte(value: Transporte): string {
  return element('Transporte', [
    textElement('Patente', value.Patente),
    textElement('RUTTrans', value.RUTTrans),
    value.Chofer
      ? element('Chofer', [textElement('RUTChofer', value.Chofer.RUTChofer), textElement('NombreChofer', value.Chofer.NombreChofer)])
      : '',
    textElement('DirDest', value.DirDest),
    textElement('CmnaDest', value.CmnaDest),
    textElement('CiudadDest', value.CiudadDest),
  ]);
}

function totales(value: Totales): string {
  return element('Totales', [
    textElement('MntNeto', value.MntNeto),
    textElement('MntExe', value.MntExe),
    textElement('TasaIVA', value.TasaIVA),
    textElement('IVA', value.IVA),
    textElement('MntTotal', value.MntTotal),
  ]);
}

function detalle(line: DetalleLine, index: number, totals: ComputedTotals): string {
  const computed = totals.lines[index];
  return element('Detalle', [
    textElement('NroLinDet', index + 1),
    ...(line.CdgItem ?? []).map((code) =>
      element('CdgItem', [textElement('TpoCodigo', code.TpoCodigo), textElement('VlrCodigo', code.VlrCodigo)]),
    ),
    textElement('IndExe', line.IndExe),
    textElement('NmbItem', line.NmbItem),
    textElement('DscItem', line.DscItem),
    textElement('QtyItem', line.QtyItem),
    textElement('UnmdItem', line.UnmdItem),
    textElement('PrcItem', line.PrcItem),
    textElement('DescuentoPct', line.DescuentoPct),
    textElement('DescuentoMonto', computed?.DescuentoMonto),
    textElement('RecargoPct', line.RecargoPct),
    textElement('RecargoMonto', computed?.RecargoMonto),
    textElement('MontoItem', computed?.MontoItem),
  ]);
}

function dscRcgGlobal(value: DscRcgGlobal, index: number): string {
  return element('DscRcgGlobal', [
    textElement('NroLinDR', index + 1),
    textElement('TpoMov', value.TpoMov),
    textElement('GlosaDR', value.GlosaDR),
    textElement('TpoValor', value.TpoValor),
    textElement('ValorDR', value.ValorDR),
    textElement('IndExeDR', value.IndExeDR),
  ]);
}

function referencia(value: Referencia, index: number): string {
  return element('Referencia', [
    textElement('NroLinRef', index + 1),
    textElement('TpoDocRef', value.TpoDocRef),
    textElement('IndGlobal', value.IndGlobal),
    textElement('FolioRef', value.FolioRef),
    textElement('RUTOtr', value.RUTOtr),
    textElement('FchRef', value.FchRef),
    textElement('CodRef', value.CodRef),
    textElement('RazonRef', value.RazonRef),
  ]);
}
