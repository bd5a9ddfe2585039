import { describe, expect, it } from 'vitest';
import { checkReceivedEnvelope, markRepeats, type ReceivedEnvelopeCheck } from '../../../src/core/intercambio/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { testCredentials } from '../../support/credentials.ts';
import { CUSTOMER_RUT, SUPPLIER_RUT, supplierEnvelope, supplierFactura } from '../../support/supplier-envelopes.ts';
import { fixture, linesContaining, replaceOnce, SCHEMA_INVALID_ENVELOPES } from '../verify/support/fixtures.ts';

const schemaValidator = sharedSchemaValidator();

async function check(bytes: Uint8Array, companyRuts = [CUSTOMER_RUT], trusted = true): Promise<ReceivedEnvelopeCheck> {
  const { authority } = await testCredentials();
  return checkReceivedEnvelope(bytes, { companyRuts, schemaValidator, ...(trusted ? { trustedCafCertificates: [authority] } : {}) });
}

/** The DigestValue written in the envelope's own signature (the last one of the file), read as text. */
function writtenDigest(bytes: Uint8Array): string {
  const values = [...Buffer.from(bytes).toString('latin1').matchAll(/<DigestValue>\s*([^<]+?)\s*<\/DigestValue>/g)];
  return values.at(-1)![1]!;
}

describe("the receiver checks on the SII's own sample envelopes, received as a supplier's would be", () => {
  it('F000013T33, addressed to 77447842-6: received conforme when that is our company, its one factura received OK', () => {
    const bytes = fixture('envio/F000013T33.xml');
    const result = checkReceivedEnvelope(bytes, { companyRuts: ['77447842-6'], schemaValidator });
    expect(result.status).toMatchObject({ code: 0, glosa: 'Envío Recibido Conforme' });
    expect(result.envelope).toMatchObject({ SetDTEID: 'SetDoc', RutEmisor: '76235291-5', RutReceptor: '77447842-6', Digest: writtenDigest(bytes) });
    expect(result.documents).toHaveLength(1);
    expect(result.documents[0]).toMatchObject({ key: '76235291-5/33/13', TipoDTE: 33, Folio: 13, MntTotal: '1188861', status: { code: 0, glosa: 'DTE Recibido OK' } });
    expect(Buffer.from(result.documents[0]!.xml).toString('latin1')).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?>\n<DTE xmlns="http:\/\/www.sii.cl\/SiiDte" version="1.0">/);
  });

  it('the same file at another company: RUT Receptor No Corresponde (3), and its document Error en RUT Receptor (3)', () => {
    const result = checkReceivedEnvelope(fixture('envio/F000013T33.xml'), { companyRuts: [CUSTOMER_RUT], schemaValidator });
    expect(result.status).toMatchObject({ code: 3, glosa: 'Envío Rechazado - RUT Receptor No Corresponde' });
    expect(result.status.detail).toContain('77447842-6 is none of our companies (77777777-7)');
    expect(result.documents[0]!.status).toMatchObject({ code: 3, glosa: 'DTE No Recibido - Error en RUT Receptor' });
  });

  it.each(SCHEMA_INVALID_ENVELOPES)('%s: Error de Schema (1), naming each <TipoDTE> of the Caratula by its line', (name) => {
    const bytes = fixture(`envio/${name}`);
    const result = checkReceivedEnvelope(bytes, { companyRuts: ['60803000-K'], schemaValidator });
    expect(result.status).toMatchObject({ code: 1, glosa: 'Envío Rechazado - Error de Schema' });
    const caratulaLines = linesContaining(bytes, '<TipoDTE>').filter((line) => line < linesContaining(bytes, '</Caratula>')[0]!);
    for (const line of caratulaLines) expect(result.status.detail).toContain(`line ${line}: Element '{http://www.sii.cl/SiiDte}TipoDTE': This element is not expected.`);
  });

  it('F60T33, the SII\'s official example: Error de Firma (2), since the certificate does not hold the key that signed', () => {
    const result = checkReceivedEnvelope(fixture('envio/F60T33-ejemplo-oficial-SII.xml'), { companyRuts: ['60803000-K'], schemaValidator });
    expect(result.status.code).toBe(2);
    expect(result.status.glosa).toBe('Envío Rechazado - Error de Firma');
    expect(result.status.detail).toContain('holds a different key from the RSAKeyValue');
    expect(result.documents[0]!.status).toMatchObject({ code: 1, glosa: 'DTE No Recibido - Error de Firma' });
  });

  it('BASICO: addressed to the SII, so RUT Receptor No Corresponde (3) for a company; its DTEs signed in the SII namespace and embedded without it are taken by default', () => {
    const bytes = fixture('envio/BASICO_762352915.xml');
    const result = checkReceivedEnvelope(bytes, { companyRuts: [CUSTOMER_RUT], schemaValidator });
    expect(result.status.code).toBe(3);
    expect(result.documents).toHaveLength(8);
    for (const document of result.documents) {
      expect(document.checks.find((item) => item.name === 'document-signature')).toMatchObject({ ok: true });
      expect(document.status.code).toBe(3);
    }
    const strict = checkReceivedEnvelope(bytes, { companyRuts: [CUSTOMER_RUT], schemaValidator, tolerateDroppedNamespace: false });
    expect(strict.documents.map((document) => document.status.code)).toEqual(Array(8).fill(1));
    expect(strict.documents[0]!.status.detail).toContain('DTE-3-505');
  });
});

describe('the receiver checks on supplier envelopes built with the test credentials', () => {
  it('an envelope of two facturas addressed to us: received, each document received OK', async () => {
    const result = await check(await supplierEnvelope([await supplierFactura(1), await supplierFactura(2)]));
    expect(result.status.code).toBe(0);
    expect(result.documents.map((document) => [document.key, document.status.code])).toEqual([[`${SUPPLIER_RUT}/33/1`, 0], [`${SUPPLIER_RUT}/33/2`, 0]]);
  });

  it('a CAF the SII did not sign: the document is not received (99), saying so; the envelope is', async () => {
    const result = await check(await supplierEnvelope([await supplierFactura(3)]), [CUSTOMER_RUT], false);
    expect(result.status.code).toBe(0);
    expect(result.documents[0]!.status).toMatchObject({ code: 99, glosa: 'DTE No Recibido - Otros: CAF no autorizado por el SII' });
  });

  it('a DTE changed after signing, in an envelope signed after the change: Error de Firma for the document only', async () => {
    const tampered = replaceOnce(await supplierFactura(4), '<NmbItem>Cajón AFECTO</NmbItem>', '<NmbItem>Cajón AFECTADO</NmbItem>');
    const result = await check(await supplierEnvelope([tampered, await supplierFactura(5)]));
    expect(result.status.code).toBe(0);
    expect(result.documents.map((document) => document.status.code)).toEqual([1, 0]);
  });

  it('an envelope changed after signing: Error de Firma (2)', async () => {
    const envelope = replaceOnce(await supplierEnvelope([await supplierFactura(6)]), '<NroResol>0</NroResol>', '<NroResol>1</NroResol>');
    const result = await check(envelope);
    expect(result.status.code).toBe(2);
    expect(result.status.detail).toContain('the SetDTE changed after signing');
  });

  it('a document addressed to another of our companies than the Caratula says: Error en RUT Receptor (3)', async () => {
    const result = await check(await supplierEnvelope([await supplierFactura(7, '96790240-3')]), [CUSTOMER_RUT, '96790240-3']);
    expect(result.status.code).toBe(0);
    expect(result.documents[0]!.status.code).toBe(3);
    expect(result.documents[0]!.status.detail).toContain("RUTRecep 96790240-3 is not the Caratula's RutReceptor 77777777-7");
  });

  it("a Caratula naming another issuer than the documents': Error en RUT Emisor (2) for them", async () => {
    const envelope = replaceOnce(await supplierEnvelope([await supplierFactura(8)]), `<RutEmisor>${SUPPLIER_RUT}</RutEmisor>`, '<RutEmisor>96790240-3</RutEmisor>');
    const result = await check(envelope);
    expect(result.status.code).toBe(2);
    expect(result.documents[0]!.status).toMatchObject({ code: 2, glosa: 'DTE No Recibido - Error en RUT Emisor' });
  });

  it('the same document twice in one envelope: the second is DTE Repetido (4)', async () => {
    const factura = await supplierFactura(9);
    const result = await check(await supplierEnvelope([factura, factura]));
    expect(result.documents.map((document) => document.status.code)).toEqual([0, 4]);
  });

  it('repeats of what the record holds: the envelope by its digest (90), documents by issuer, type and folio (4); a refusal found earlier keeps its code', async () => {
    const first = await check(await supplierEnvelope([await supplierFactura(10), await supplierFactura(11)]));
    const again = markRepeats(first, { envelopeDigests: new Set([first.envelope!.Digest!]), documentKeys: new Set([`${SUPPLIER_RUT}/33/10`]) });
    expect(again.status).toMatchObject({ code: 90, glosa: 'Envío Rechazado - Archivo Repetido' });
    expect(again.documents.map((document) => document.status.code)).toEqual([4, 0]);
    expect(first.status.code).toBe(0);
    const foreign = checkReceivedEnvelope(fixture('envio/F000013T33.xml'), { companyRuts: [CUSTOMER_RUT], schemaValidator });
    expect(markRepeats(foreign, { envelopeDigests: new Set([foreign.envelope!.Digest!]), documentKeys: new Set() }).status.code).toBe(3);
  });
});
