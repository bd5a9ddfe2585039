import { XmlElement } from 'libxml2-wasm';
import { DteError } from '../core/errors.ts';
import { documentContent } from '../core/verify/document.ts';
import { childElement, childElements, parseUntrustedXml } from '../core/verify/parse-xml.ts';
import { decodeRawXml, encodeIso88591, findElementSpans, maskNonMarkup, type RawXml } from '../core/verify/raw-xml.ts';
import {
  PRINTED_TYPES,
  type PrintedDocument,
  type PrintedGlobalAdjustment,
  type PrintedLine,
  type PrintedReference,
  type PrintedTax,
  type PrintedTotals,
  type PrintedTransport,
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
  const content = new Children(documentContent(dte));
  const header = new Children(content.first('Encabezado'));
  const idDoc = new Children(header.first('IdDoc'));
  const issuer = new Children(header.first('Emisor'));
  const receiver = new Children(header.first('Receptor'));
  const totals = new Children(header.first('Totales'));
  const type = Number(idDoc.text('TipoDTE'));
  const folio = idDoc.text('Folio');
  const issueDate = idDoc.text('FchEmis');
  const issuerRut = issuer.text('RUTEmisor');
  const receiverRut = receiver.text('RUTRecep');
  const subject = `DTE ${idDoc.text('TipoDTE') ?? '?'} folio ${folio ?? '?'}`;
  if (!PRINTED_TYPES.includes(type)) {
    throw new DteError('XML_INVALID', `${subject}: type ${idDoc.text('TipoDTE') ?? '(none)'} is not one this service prints (${PRINTED_TYPES.join(', ')}).`);
  }
  const missing = Object.entries({ Folio: folio, FchEmis: issueDate, RUTEmisor: issuerRut, RUTRecep: receiverRut, MntTotal: totals.text('MntTotal') })
    .filter(([, value]) => value === undefined || value === '')
    .map(([name]) => name);
  if (missing.length > 0) throw new DteError('XML_INVALID', `${subject} lacks ${missing.join(', ')}.`);
  const ted = encodeIso88591(tedText, raw.encoding);
  if ('error' in ted) throw new DteError('XML_INVALID', `${subject}: the TED cannot be written in ISO-8859-1: ${ted.error}.`);
  const transport = header.first('Transporte');
  return {
    TipoDTE: type,
    Folio: folio!,
    FchEmis: issueDate!,
    ...idDoc.texts(['IndTraslado', 'TipoDespacho', 'FmaPago', 'FchVenc', 'TermPagoGlosa']),
    issuer: {
      RUTEmisor: issuerRut!,
      RznSoc: issuer.text('RznSoc') ?? '',
      Telefono: issuer.all('Telefono').map((element) => element.content.trim()),
      ...issuer.texts(['GiroEmis', 'CorreoEmisor', 'Sucursal', 'CdgSIISucur', 'DirOrigen', 'CmnaOrigen', 'CiudadOrigen']),
    },
    receiver: {
      RUTRecep: receiverRut!,
      ...receiver.texts(['RznSocRecep', 'GiroRecep', 'Contacto', 'CorreoRecep', 'DirRecep', 'CmnaRecep', 'CiudadRecep']),
    },
    ...(transport === undefined ? {} : { transport: readTransport(new Children(transport)) }),
    totals: readTotals(totals),
    lines: content.all('Detalle').map(readLine),
    adjustments: content.all('DscRcgGlobal').map(readAdjustment),
    references: content.all('Referencia').map(readReference),
    ted,
  };
}

function readTransport(transport: Children): PrintedTransport {
  return {
    ...transport.texts(['Patente', 'RUTTrans', 'DirDest', 'CmnaDest', 'CiudadDest']),
    ...new Children(transport.first('Chofer')).texts(['RUTChofer', 'NombreChofer']),
  };
}

function readTotals(totals: Children): PrintedTotals {
  const taxes: PrintedTax[] = totals.all('ImptoReten').map((element) => {
    const tax = new Children(element);
    return { TipoImp: tax.text('TipoImp') ?? '', MontoImp: tax.text('MontoImp') ?? '0', ...tax.texts(['TasaImp']) };
  });
  return {
    MntTotal: totals.text('MntTotal')!,
    ImptoReten: taxes,
    ...totals.texts(['MntNeto', 'MntExe', 'TasaIVA', 'IVA', 'IVANoRet', 'CredEC', 'MontoNF', 'SaldoAnterior', 'VlrPagar']),
  };
}

function readLine(element: XmlElement, index: number): PrintedLine {
  const line = new Children(element);
  return {
    NroLinDet: line.text('NroLinDet') ?? String(index + 1),
    codes: line.all('CdgItem').map((code) => new Children(code).text('VlrCodigo') ?? '').filter((code) => code !== ''),
    NmbItem: line.text('NmbItem') ?? '',
    MontoItem: line.text('MontoItem') ?? '0',
    ...line.texts(['IndExe', 'DscItem', 'QtyItem', 'UnmdItem', 'PrcItem', 'DescuentoPct', 'DescuentoMonto', 'RecargoPct', 'RecargoMonto']),
  };
}

function readAdjustment(element: XmlElement): PrintedGlobalAdjustment {
  const adjustment = new Children(element);
  return {
    TpoMov: adjustment.text('TpoMov') ?? 'D',
    TpoValor: adjustment.text('TpoValor') ?? '$',
    ValorDR: adjustment.text('ValorDR') ?? '0',
    ...adjustment.texts(['GlosaDR', 'IndExeDR']),
  };
}

function readReference(element: XmlElement, index: number): PrintedReference {
  const reference = new Children(element);
  return {
    NroLinRef: reference.text('NroLinRef') ?? String(index + 1),
    TpoDocRef: reference.text('TpoDocRef') ?? '',
    ...reference.texts(['IndGlobal', 'FolioRef', 'RUTOtr', 'FchRef', 'CodRef', 'RazonRef']),
  };
}

/**
 * The child elements of an element by name, read in one pass: libxml2-wasm makes an object for every
 * node it is asked for, and walking the children again for each field was a tenth of a render.
 */
class Children {
  private readonly byName = new Map<string, XmlElement[]>();

  constructor(parent: XmlElement | undefined) {
    for (let node = parent?.firstChild ?? null; node !== null; node = node.next) {
      if (!(node instanceof XmlElement)) continue;
      const named = this.byName.get(node.name);
      if (named === undefined) this.byName.set(node.name, [node]);
      else named.push(node);
    }
  }

  /** The first child named `name`. */
  first(name: string): XmlElement | undefined {
    return this.byName.get(name)?.[0];
  }

  /** Every child named `name`, in order. */
  all(name: string): XmlElement[] {
    return this.byName.get(name) ?? [];
  }

  /** The trimmed text of the first child named `name`. */
  text(name: string): string | undefined {
    return this.first(name)?.content.trim();
  }

  /** The named children that have text, as an object of their texts (the first with text of each name). */
  texts<Name extends string>(names: readonly Name[]): Partial<Record<Name, string>> {
    const found: Partial<Record<Name, string>> = {};
    for (const name of names) {
      for (const element of this.all(name)) {
        const value = element.content.trim();
        if (value === '') continue;
        found[name] = value;
        break;
      }
    }
    return found;
  }
}
