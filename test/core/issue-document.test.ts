import { describe, expect, it } from 'vitest';
import { XmlDocument } from 'libxml2-wasm';
import { createHash } from 'node:crypto';
import { buildEnvelope } from '../../src/core/build-envelope.ts';
import type { TipoDTE } from '../../src/core/document-request.ts';
import { createIssuer, type IssuedDocument } from '../../src/core/issue-document.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { testCredentials } from '../support/credentials.ts';
import { externalToolsAvailable, extractDocuments, xmllintValidate, xmlsecVerify, xmlsecVerifyInPlace } from '../support/external-tools.ts';
import { sampleRequest } from '../support/requests.ts';
import { skipping, xmlToolsMissing } from '../support/skip-reason.ts';

const TYPES: TipoDTE[] = [33, 34, 52, 56, 61];
const signedAt = new Date('2026-11-20T15:30:00Z');

async function issue(type: TipoDTE, request: Record<string, unknown> = sampleRequest(type), folio = 10): Promise<IssuedDocument> {
  const credentials = await testCredentials();
  const issuer = createIssuer({
    certificate: credentials.certificate,
    caf: credentials.cafs.get(type)!,
    trustedCafSigners: [credentials.authority],
    schemaValidator: sharedSchemaValidator(),
  });
  const result = issuer.issue(request, { folio, signedAt });
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.pointer}: ${problem.message}`).join('\n'));
  return result.value;
}

describe.skipIf(skipping('issued documents checked by xmllint and xmlsec1', xmlToolsMissing(externalToolsAvailable)))('issued documents, checked by xmllint and xmlsec1', () => {
  it.each(TYPES)('type %i validates against DTE_v10.xsd and its signature verifies with xmlsec1', async (type) => {
    const document = await issue(type);
    const { raw } = await testCredentials();
    const schema = xmllintValidate(document.xml, 'DTE_v10.xsd');
    expect(schema.output).toContain('validates');
    expect(schema.status).toBe(0);
    const signature = xmlsecVerify(document.xml, raw.company.certificatePem, 'Documento');
    expect(signature.output).toMatch(/^OK/m);
    expect(signature.status).toBe(0);
  });

  it('a document changed after signing fails xmlsec1', async () => {
    const document = await issue(33);
    const { raw } = await testCredentials();
    const tampered = Buffer.from(document.xml.toString('latin1').replace('<MntTotal>', '<MntTotal>1'), 'latin1');
    const signature = xmlsecVerify(tampered, raw.company.certificatePem, 'Documento');
    expect(signature.status).not.toBe(0);
    expect(signature.output).toMatch(/FAIL/);
  });

  it('an envelope of all five types validates against EnvioDTE_v10.xsd, and xmlsec1 verifies it and each DTE taken alone', async () => {
    const documents = await Promise.all(TYPES.map((type) => issue(type)));
    const { certificate, raw } = await testCredentials();
    const envelope = buildEnvelope({ documents: documents.map((document) => document.xml), certificate, FchResol: '2026-01-15', NroResol: 0, signedAt });
    expect(xmllintValidate(envelope, 'EnvioDTE_v10.xsd').status).toBe(0);
    expect(xmlsecVerify(envelope, raw.company.certificatePem, 'SetDTE').status).toBe(0);
    const embedded = extractDocuments(envelope);
    expect(embedded).toHaveLength(5);
    for (const [index, document] of embedded.entries()) {
      // Placed byte for byte: the DTE inside the envelope is the file that was signed.
      expect(document.toString('latin1').trim()).toBe(documents[index]!.xml.toString('latin1').trim());
      expect(xmlsecVerify(document, raw.company.certificatePem, 'Documento').status).toBe(0);
      // And in place, where C14N of Documento carries the envelope root's xmlns:xsi into it.
      const inPlace = xmlsecVerifyInPlace(envelope, raw.company.certificatePem, index + 1);
      expect(inPlace.output, `DTE ${index + 1} in place`).toMatch(/^OK/m);
      expect(inPlace.status).toBe(0);
    }
    const text = envelope.toString('latin1');
    expect(text).toMatch(/<RutReceptor>60803000-K<\/RutReceptor>/);
    expect(text).toMatch(/<SubTotDTE>\n<TpoDTE>33<\/TpoDTE>\n<NroDTE>1<\/NroDTE>\n<\/SubTotDTE>/);
    // The SII's upload gateway reads lines of at most about 4,096 characters.
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThan(4096);
  });
});

describe('issued documents', () => {
  it('write ISO-8859-1 with the declaration, escape markup characters and keep accents', async () => {
    const document = await issue(34);
    const text = document.xml.toString('latin1');
    expect(text.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE xmlns="http://www.sii.cl/SiiDte" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.0">')).toBe(true);
    expect(text).toContain('<NmbItem>Capacitación &amp; soporte &lt;remoto&gt;</NmbItem>');
    expect(document.xml.includes(Buffer.from('Asesoría', 'latin1'))).toBe(true);
    expect(document.xml.includes(Buffer.from('Asesoría', 'utf8'))).toBe(false);
  });

  it('digest the Documento exactly as libxml2 canonicalises it from the written file', async () => {
    const document = await issue(33, sampleRequest(33, { Referencia: [{ TpoDocRef: '801', FolioRef: 'OC-<7>&"8"', FchRef: '2026-11-01', RazonRef: "Orden de compra 'urgente'" }] }));
    const parsed = XmlDocument.fromBuffer(document.xml);
    try {
      const namespaces = { sii: 'http://www.sii.cl/SiiDte', ds: 'http://www.w3.org/2000/09/xmldsig#' };
      const canonical = parsed.get('/sii:DTE/sii:Documento', namespaces)!.canonicalizeToString();
      const digest = createHash('sha1').update(canonical, 'utf8').digest('base64');
      expect(parsed.get('//ds:DigestValue', namespaces)!.content).toBe(digest);
    } finally {
      parsed.dispose();
    }
  });

  it('carry the computed totals, line amounts and a TED that states them', async () => {
    const document = await issue(33);
    const text = document.xml.toString('latin1');
    // 123 × 923 = 113529, 4 % = 4541.16 → 4541, line 108988; 1.5 × 1937.25 = 2905.875 → 2906;
    // affected 111894, global 6 % = 6713.64 → 6714, neto 105180, IVA 19 % = 19984.2 → 19984;
    // exempt 34705; total 105180 + 34705 + 19984 = 159869.
    expect(document.Totales).toEqual({ MntNeto: 105180, MntExe: 34705, TasaIVA: 19, IVA: 19984, MntTotal: 159869 });
    expect(text).toContain('<DescuentoMonto>4541</DescuentoMonto>\n<MontoItem>108988</MontoItem>');
    expect(text).toContain('<MontoItem>2906</MontoItem>');
    expect(text).toMatch(/<DD><RE>76192083-9<\/RE><TD>33<\/TD><F>10<\/F><FE>2026-11-20<\/FE><RR>77777777-7<\/RR><RSR>Constructora Penalolen SpA<\/RSR><MNT>159869<\/MNT><IT1>Cajon AFECTO<\/IT1><CAF version="1.0">/);
    expect(text).toContain('<TSTED>2026-11-20T12:30:00</TSTED>');
    expect(text).toContain('<TmstFirma>2026-11-20T12:30:00</TmstFirma>');
  });
});

describe('issuing refuses', () => {
  it('every problem of a bad request at once, with pointers', async () => {
    const credentials = await testCredentials();
    const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(33)!, trustedCafSigners: [credentials.authority] });
    const request = sampleRequest(33);
    const encabezado = request.Encabezado as { Receptor: Record<string, unknown> };
    encabezado.Receptor.RUTRecep = '77777777-8';
    (request.Detalle as Record<string, unknown>[])[0]!.QtyItem = 'many';
    const result = issuer.issue(request, { folio: 1, signedAt });
    expect(result.ok).toBe(false);
    const pointers = result.ok ? [] : result.problems.map((problem) => problem.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/Encabezado/Receptor/RUTRecep', '/Detalle/0/QtyItem']));
  });

  it('a folio outside the CAF, another type, another issuer', async () => {
    const credentials = await testCredentials();
    const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(33)!, trustedCafSigners: [credentials.authority] });
    const outside = issuer.issue(sampleRequest(33), { folio: 501, signedAt });
    expect(outside).toEqual({ ok: false, problems: [{ pointer: '/Encabezado/IdDoc/Folio', message: "Folio 501 is outside the CAF's range 1-500." }] });
    const wrongType = issuer.issue(sampleRequest(61), { folio: 2, signedAt });
    expect(wrongType.ok ? [] : wrongType.problems.map((problem) => problem.pointer)).toEqual(['/Encabezado/IdDoc/TipoDTE']);
    const request = sampleRequest(33);
    (request.Encabezado as { Emisor: Record<string, unknown> }).Emisor.RUTEmisor = '96670340-7';
    const stranger = issuer.issue(request, { folio: 2, signedAt });
    expect(stranger.ok ? [] : stranger.problems.map((problem) => problem.pointer)).toEqual(['/Encabezado/Emisor/RUTEmisor']);
  });

  it('a factura whose CAF is six months old (CAF-3-517), but not a guía', async () => {
    const credentials = await testCredentials();
    const later = new Date('2027-05-01T15:00:00Z');
    const factura = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(33)!, trustedCafSigners: [credentials.authority] });
    const refused = factura.issue(sampleRequest(33), { folio: 3, signedAt: later });
    expect(refused.ok ? '' : refused.problems[0]!.message).toMatch(/CAF-3-517/);
    const guia = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(52)!, trustedCafSigners: [credentials.authority] });
    expect(guia.issue(sampleRequest(52), { folio: 3, signedAt: later }).ok).toBe(true);
  });

  it('a document dated before its CAF (HED-3-305), any type, naming FchEmis; one without a date is dated on the signing day in Chile', async () => {
    const credentials = await testCredentials();
    for (const type of TYPES) {
      const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(type)!, trustedCafSigners: [credentials.authority] });
      const early = sampleRequest(type) as { Encabezado: { IdDoc: Record<string, unknown> } };
      early.Encabezado.IdDoc.FchEmis = '2026-10-31';
      const refused = issuer.issue(early, { folio: 4, signedAt });
      expect(refused.ok ? [] : refused.problems.map((problem) => `${problem.pointer} ${problem.message}`)).toEqual([expect.stringMatching(/^\/Encabezado\/IdDoc\/FchEmis FchEmis 2026-10-31 is before 2026-11-01.*\(HED-3-305\)/)]);
    }
    // 02:30 UTC on 2026-11-21 is still the 20th in Chile (UTC-3).
    const issued = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(33)!, trustedCafSigners: [credentials.authority] })
      .issue(sampleRequest(33), { folio: 5, signedAt: new Date('2026-11-21T02:30:00Z') });
    expect(issued.ok && [issued.value.FchEmis, issued.value.request.Encabezado.IdDoc.FchEmis]).toEqual(['2026-11-20', '2026-11-20']);
  });

  it('a reference without FchRef, which the service fills in only for documents it issued', async () => {
    const credentials = await testCredentials();
    const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(61)!, trustedCafSigners: [credentials.authority] });
    const undated = issuer.issue(sampleRequest(61, { Referencia: [{ TpoDocRef: '33', FolioRef: '12', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] }), { folio: 6, signedAt });
    expect(undated.ok ? [] : undated.problems.map((problem) => problem.pointer)).toEqual(['/Referencia/0/FchRef']);
  });

  it('a CAF that no trusted authority signed', async () => {
    const credentials = await testCredentials();
    expect(() => createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(33)!, trustedCafSigners: [] })).toThrow(/not signed by a trusted SII certificate/);
  });
});
