import { XmlElement } from 'libxml2-wasm';
import { DteError } from '../core/errors.ts';
import { documentContent } from '../core/verify/document.ts';
import { childElement, childElements, parseUntrustedXml, textAt } from '../core/verify/parse-xml.ts';
import { decodeRawXml, encodeIso88591, findElementSpans, maskNonMarkup, type RawXml } from '../core/verify/raw-xml.ts';
import {
  PRINTED_TYPES,
  type PrintedDocument,
  type PrintedGlobalAdjustment,
  type PrintedLine,
  type PrintedReference,
  type PrintedTax,
  type PrintedTotals,
} from './printed-document.ts';

/**
 * Reads the DTEs of a file for printing: a DTE, or an EnvioDTE with several, in ISO-8859-1,
 * windows-1252 or UTF-8, with or without the SII's namespace (documents received from others often
 * lack it). The TED is taken from the raw text byte for byte, so the barcode holds exactly what was
 * signed. Nothing is verified here: `dte verify` does that. A file without a printable DTE is an
 * XML_INVALID error that says why.
 */
export function readPrintedDocuments(bytes: Uint8Array): PrintedDocument[] {
  const raw = decodeRawXml(bytes);
  if ('error' in raw) throw new DteError('XML_INVALID', raw.error);
  const parsed = parseUntrustedXml(bytes, raw.declared ? undefined : raw.encoding);
  if (!parsed.ok) {
    throw new DteError('XML_INVALID', `The file is not well-formed XML: ${parsed.errors.map((error) => error.message).join('; ')}`);
  }
  try {
    const root = parsed.document.root;
    if (root.name !== 'DTE' && root.name !== 'EnvioDTE') {
      throw new DteError('XML_INVALID', `The root element is <${root.name}>; a DTE or an EnvioDTE was expected.`);
    }
    const elements = root.name === 'DTE' ? [root] : childElements(childElement(root, 'SetDTE') ?? root, 'DTE');
    const teds = tedTexts(raw);
    if (elements.length === 0) throw new DteError('XML_INVALID', 'The envelope holds no DTE.');
    if (teds.length !== elements.length) {
      throw new DteError('XML_INVALID', `The file holds ${elements.length} DTE elements but ${teds.length} with a TED: every printed DTE needs its timbre.`);
    }
    return elements.map((element, index) => readDocument(element, teds[index]!, raw));
  } finally {
    parsed.document.dispose();
  }
}

/** The text of the TED of each `<DTE>`, in document order, as written. */
function tedTexts(raw: RawXml): string[] {
  const masked = maskNonMarkup(raw.text);
  return findElementSpans(masked, 'DTE').flatMap((dte) => {
    const ted = findElementSpans(masked, 'TED', dte.startTagEnd, dte.endTagStart)[0];
    return ted === undefined ? [] : [raw.text.slice(ted.start, ted.end)];
  });
}

function readDocument(dte: XmlElement, tedText: string, raw: RawXml): PrintedDocument {
  const content = documentContent(dte);
  const header = childElement(content, 'Encabezado');
  const idDoc = childElement(header, 'IdDoc');
  const type = Number(textAt(idDoc, 'TipoDTE'));
  const folio = textAt(idDoc, 'Folio');
  const issueDate = textAt(idDoc, 'FchEmis');
  const issuerRut = textAt(header, 'Emisor', 'RUTEmisor');
  const receiverRut = textAt(header, 'Receptor', 'RUTRecep');
  const total = textAt(header, 'Totales', 'MntTotal');
  const subject = `DTE ${textAt(idDoc, 'TipoDTE') ?? '?'} folio ${folio ?? '?'}`;
  if (!PRINTED_TYPES.includes(type)) {
    throw new DteError('XML_INVALID', `${subject}: type ${textAt(idDoc, 'TipoDTE') ?? '(none)'} is not one this service prints (${PRINTED_TYPES.join(', ')}).`);
  }
  const missing = Object.entries({ Folio: folio, FchEmis: issueDate, RUTEmisor: issuerRut, RUTRecep: receiverRut, MntTotal: total })
    .filter(([, value]) => value === undefined || value === '')
    .map(([name]) => name);
  if (missing.length > 0) throw new DteError('XML_INVALID', `${subject} lacks ${missing.join(', ')}.`);
  const ted = encodeIso88591(tedText, raw.encoding);
  if ('error' in ted) throw new DteError('XML_INVALID', `${subject}: the TED cannot be written in ISO-8859-1: ${ted.error}.`);
  const issuer = childElement(header, 'Emisor');
  const receiver = childElement(header, 'Receptor');
  const transport = childElement(header, 'Transporte');
  return {
    TipoDTE: type,
    Folio: folio!,
    FchEmis: issueDate!,
    ...fields(idDoc, ['IndTraslado', 'TipoDespacho', 'FmaPago', 'FchVenc', 'TermPagoGlosa']),
    issuer: {
      RUTEmisor: issuerRut!,
      RznSoc: textAt(issuer, 'RznSoc') ?? '',
      Telefono: childElements(issuer!, 'Telefono').map((element) => element.content.trim()),
      ...fields(issuer, ['GiroEmis', 'CorreoEmisor', 'Sucursal', 'CdgSIISucur', 'DirOrigen', 'CmnaOrigen', 'CiudadOrigen']),
    },
    receiver: {
      RUTRecep: receiverRut!,
      ...fields(receiver, ['RznSocRecep', 'GiroRecep', 'Contacto', 'CorreoRecep', 'DirRecep', 'CmnaRecep', 'CiudadRecep']),
    },
    ...(transport === undefined ? {} : {
      transport: {
        ...fields(transport, ['Patente', 'RUTTrans', 'DirDest', 'CmnaDest', 'CiudadDest']),
        ...fields(childElement(transport, 'Chofer'), ['RUTChofer', 'NombreChofer']),
      },
    }),
    totals: readTotals(childElement(header, 'Totales')!),
    lines: childElements(content!, 'Detalle').map(readLine),
    adjustments: childElements(content!, 'DscRcgGlobal').map(readAdjustment),
    references: childElements(content!, 'Referencia').map(readReference),
    ted,
  };
}

function readTotals(totals: XmlElement): PrintedTotals {
  const taxes: PrintedTax[] = childElements(totals, 'ImptoReten').map((tax) => ({
    TipoImp: textAt(tax, 'TipoImp') ?? '',
    MontoImp: textAt(tax, 'MontoImp') ?? '0',
    ...fields(tax, ['TasaImp']),
  }));
  return {
    MntTotal: textAt(totals, 'MntTotal')!,
    ImptoReten: taxes,
    ...fields(totals, ['MntNeto', 'MntExe', 'TasaIVA', 'IVA', 'IVANoRet', 'CredEC', 'MontoNF', 'SaldoAnterior', 'VlrPagar']),
  };
}

function readLine(line: XmlElement, index: number): PrintedLine {
  return {
    NroLinDet: textAt(line, 'NroLinDet') ?? String(index + 1),
    codes: childElements(line, 'CdgItem').map((code) => textAt(code, 'VlrCodigo') ?? '').filter((code) => code !== ''),
    NmbItem: textAt(line, 'NmbItem') ?? '',
    MontoItem: textAt(line, 'MontoItem') ?? '0',
    ...fields(line, ['IndExe', 'DscItem', 'QtyItem', 'UnmdItem', 'PrcItem', 'DescuentoPct', 'DescuentoMonto', 'RecargoPct', 'RecargoMonto']),
  };
}

function readAdjustment(adjustment: XmlElement): PrintedGlobalAdjustment {
  return {
    TpoMov: textAt(adjustment, 'TpoMov') ?? 'D',
    TpoValor: textAt(adjustment, 'TpoValor') ?? '$',
    ValorDR: textAt(adjustment, 'ValorDR') ?? '0',
    ...fields(adjustment, ['GlosaDR', 'IndExeDR']),
  };
}

function readReference(reference: XmlElement, index: number): PrintedReference {
  return {
    NroLinRef: textAt(reference, 'NroLinRef') ?? String(index + 1),
    TpoDocRef: textAt(reference, 'TpoDocRef') ?? '',
    ...fields(reference, ['IndGlobal', 'FolioRef', 'RUTOtr', 'FchRef', 'CodRef', 'RazonRef']),
  };
}

/** The named children of `parent` that have text, as an object of their texts (one pass over the children). */
function fields<Name extends string>(parent: XmlElement | undefined, names: readonly Name[]): Partial<Record<Name, string>> {
  const found: Partial<Record<Name, string>> = {};
  const wanted = new Set<string>(names);
  for (let node = parent?.firstChild ?? null; node !== null; node = node.next) {
    if (!(node instanceof XmlElement) || !wanted.has(node.name) || found[node.name as Name] !== undefined) continue;
    const value = node.content.trim();
    if (value !== '') found[node.name as Name] = value;
  }
  return found;
}
