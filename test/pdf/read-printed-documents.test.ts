import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { readPrintedDocuments, renderPdf } from '../../src/pdf/index.ts';
import { decodeTimbres, pdfText, pdfToolsMissing } from './support/pdf-tools.ts';
import { signedDocument, tedBytes } from './support/signed-documents.ts';
import { cafKeyInTed, frmtVerifies } from './support/timbre-check.ts';
import { skipping } from '../support/skip-reason.ts';

const fixture = (path: string): Buffer => readFileSync(new URL(`../fixtures/sii/${path}`, import.meta.url));
const RECEIVED = 'dte/DTE--60910000-1--33--2336600.xml';
const ENVELOPE = 'envio/BASICO_762352915.xml';

/** Every TED of a file as its bytes stand, found by plain text search. */
function tedsOf(file: Buffer): Buffer[] {
  return (file.toString('latin1').match(/<TED[\s\S]*?<\/TED>/g) ?? []).map((ted) => Buffer.from(ted, 'latin1'));
}

/** A document of ours rewritten as UTF-8, with text outside ISO-8859-1 outside its TED. */
function asUtf8(xml: Buffer, replace: [string, string][] = []): Buffer {
  let text = xml.toString('latin1').replace('encoding="ISO-8859-1"', 'encoding="UTF-8"');
  for (const [from, to] of replace) text = text.replace(from, to);
  return Buffer.from(text, 'utf8');
}

if (pdfToolsMissing !== undefined) console.warn(`Skipping the received-document PDF tests: ${pdfToolsMissing}.`);

describe.skipIf(skipping('printing documents received from others', pdfToolsMissing))('documents received from others', () => {
  it('prints a real DTE in windows-1252 without the namespace, its timbre the file\'s TED byte for byte', async () => {
    const file = fixture(RECEIVED);
    const pdf = await renderPdf(file, { copy: 'original', format: 'letter' });
    const [ted] = tedsOf(file);
    const [symbol] = decodeTimbres(pdf)[0]!;
    expect(symbol!.bytes.equals(ted!)).toBe(true);
    expect(frmtVerifies(symbol!.bytes, cafKeyInTed(symbol!.bytes))).toBe(true);
    const text = pdfText(pdf);
    for (const word of ['R.U.T.: 60.910.000-1', 'N° 2336600', 'Universidad de Chile', '76.555.835-2', 'Germán Enrique Larraín Muñoz']) expect(text).toContain(word);
  });

  it('prints every DTE of an EnvioDTE, each from a page of its own with its own timbre', async () => {
    const file = fixture(ENVELOPE);
    const teds = tedsOf(file);
    expect(teds).toHaveLength(8);
    const pages = decodeTimbres(await renderPdf(file, { copy: 'original', format: 'letter' }));
    const symbols = pages.flat();
    expect(symbols.map((symbol) => symbol.bytes.toString('latin1'))).toEqual(teds.map((ted) => ted.toString('latin1')));
    for (const symbol of symbols) expect(frmtVerifies(symbol.bytes, cafKeyInTed(symbol.bytes))).toBe(true);
  });

  it('prints a UTF-8 file, its timbre still the ISO-8859-1 bytes that were signed', async () => {
    const document = await signedDocument(33);
    const pdf = await renderPdf(asUtf8(document.xml), { copy: 'original', format: 'letter' });
    expect(decodeTimbres(pdf)[0]![0]!.bytes.equals(tedBytes(document.xml))).toBe(true);
    expect(pdfText(pdf)).toContain('Comercial Ñandú & Cía. Limitada');
  });

  it('replaces what the fonts lack instead of failing, and keeps what they have', async () => {
    const document = await signedDocument(33);
    const xml = asUtf8(document.xml, [
      ['<GiroRecep>Construcción</GiroRecep>', '<GiroRecep>Construcción 漢字 Ωmega 😀 Ősz</GiroRecep>'],
      ['<NmbItem>Servicio EXENTO</NmbItem>', '<NmbItem>Servicio “premium” — 10 € ‰</NmbItem>'],
    ]);
    const pdf = await renderPdf(xml, { copy: 'original', format: 'roll' });
    const text = pdfText(pdf);
    expect(text).toContain('Construcción ?? ?mega ? Osz');
    expect(text).toContain('Servicio “premium” — 10 € ‰');
    expect(decodeTimbres(pdf)[0]![0]!.bytes.equals(tedBytes(document.xml))).toBe(true);
  });
});

describe('reading a file for printing', () => {
  it('reads the values as written: lines, exemption, discounts, references, totals and the TED', async () => {
    const document = await signedDocument(61);
    const [printed] = readPrintedDocuments(document.xml);
    expect(printed).toMatchObject({
      TipoDTE: 61, Folio: String(document.Folio), FchEmis: '2026-11-20',
      issuer: { RUTEmisor: '76192083-9', RznSoc: 'Comercial Ñandú & Cía. Limitada', CmnaOrigen: 'Providencia' },
      receiver: { RUTRecep: '77777777-7', RznSocRecep: 'Constructora Peñalolén SpA' },
      totals: { MntTotal: String(document.Totales.MntTotal), MntExe: String(document.Totales.MntExe) },
      references: [{ TpoDocRef: '33', FolioRef: '12', FchRef: '2026-11-01', CodRef: '3', RazonRef: 'CORRIGE MONTOS' }],
    });
    expect(printed!.lines.map((line) => [line.NmbItem, line.IndExe, line.DescuentoPct])).toEqual([
      ['Cajón AFECTO', undefined, '4'], ['Pintura B&W "mate"', undefined, undefined], ['Servicio EXENTO', '1', undefined],
    ]);
    expect(printed!.ted.equals(tedBytes(document.xml))).toBe(true);
  });

  it.each([
    ['bytes that are not XML', Buffer.from('not xml at all'), /not well-formed/],
    ['a CAF instead of a DTE', fixture('caf/FoliosSII7623529133120254111137.xml'), /root element is <AUTORIZACION>/],
    ['export documents (types 110 to 112)', fixture('envio/EXPORTACION1_762352915.xml'), /type 110 is not one this service prints/],
    ['a DOCTYPE', Buffer.from('<?xml version="1.0"?><!DOCTYPE DTE [<!ENTITY x "y">]><DTE/>'), /DOCTYPE/],
  ])('refuses %s with XML_INVALID saying why', (_what, bytes, message) => {
    let error: unknown;
    try {
      readPrintedDocuments(bytes);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DteError);
    expect((error as DteError).code).toBe('XML_INVALID');
    expect((error as DteError).message).toMatch(message);
  });

  it('refuses a DTE without its TED: a printed document needs its timbre', async () => {
    const document = await signedDocument(33);
    const withoutTed = Buffer.from(document.xml.toString('latin1').replace(/<TED[\s\S]*<\/TED>\n/, ''), 'latin1');
    expect(() => readPrintedDocuments(withoutTed)).toThrow(/with a TED/);
  });
});
