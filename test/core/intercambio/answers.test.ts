import { describe, expect, it } from 'vitest';
import {
  buildEnvioRecibos, buildRecepcionEnvio, buildResultadoDte, checkReceivedEnvelope, envelopeReception, RECIBO_DECLARATION, responseCaratula,
  type AnsweredDocument, type ReceivedEnvelopeCheck,
} from '../../../src/core/intercambio/index.ts';
import type { Result } from '../../../src/core/result.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { testCredentials, TEST_COMPANY_RUT } from '../../support/credentials.ts';
import { externalToolsAvailable, xmllintValidate, xmlsecVerify, xmlsecVerifyAt } from '../../support/external-tools.ts';
import { fixture } from '../verify/support/fixtures.ts';
import { skipping, xmlToolsMissing } from '../../support/skip-reason.ts';

const schemaValidator = sharedSchemaValidator();
const signedAt = new Date('2026-12-01T14:00:00Z');
const OUR_COMPANY = '77447842-6';

function received(name: string, companies = [OUR_COMPANY]): ReceivedEnvelopeCheck {
  return checkReceivedEnvelope(fixture(`envio/${name}`), { companyRuts: companies, schemaValidator });
}

function value(result: Result<Buffer>): Buffer {
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.pointer}: ${problem.message}`).join('\n'));
  return result.value;
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

async function recepcion(check: ReceivedEnvelopeCheck, name: string): Promise<Buffer> {
  const { certificate } = await testCredentials();
  return value(buildRecepcionEnvio({
    caratula: responseCaratula(check, { RutResponde: OUR_COMPANY, IdRespuesta: 41, NmbContacto: 'Mesa de Partes Ñuñoa', MailContacto: 'intercambio@empresa.example' }),
    envelopes: [envelopeReception(check, { NmbEnvio: name, FchRecep: new Date('2026-12-01T13:59:00Z'), CodEnvio: 501 })],
    certificate,
    signedAt,
  }));
}

const F13: AnsweredDocument = { TipoDTE: 33, Folio: 13, FchEmis: '2025-07-03', RUTEmisor: '76235291-5', RUTRecep: OUR_COMPANY, MntTotal: '1188861' };

describe.skipIf(skipping('the answers judged by xmllint and xmlsec1', xmlToolsMissing(externalToolsAvailable)))('the answers, judged by xmllint and xmlsec1', () => {
  it('RecepcionEnvio of a received envelope: valid against RespuestaEnvioDTE_v10.xsd, signature verifies, facts repeated from the envelope', async () => {
    const check = received('F000013T33.xml');
    const xml = await recepcion(check, 'F000013T33.xml');
    const { raw } = await testCredentials();
    expect(xmllintValidate(xml, 'RespuestaEnvioDTE_v10.xsd')).toMatchObject({ status: 0 });
    expect(xmlsecVerify(xml, raw.company.certificatePem, 'Resultado').output).toMatch(/^OK$/m);
    const written = text(xml);
    expect(written.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>\n')).toBe(true);
    for (const fragment of ['<RutResponde>77447842-6</RutResponde>', '<RutRecibe>76235291-5</RutRecibe>', '<NroDetalles>1</NroDetalles>', '<NmbEnvio>F000013T33.xml</NmbEnvio>',
      '<CodEnvio>501</CodEnvio>', '<EnvioDTEID>SetDoc</EnvioDTEID>', `<Digest>${check.envelope!.Digest}</Digest>`, '<EstadoRecepEnv>0</EstadoRecepEnv>',
      '<RecepEnvGlosa>Envío Recibido Conforme</RecepEnvGlosa>', '<NroDTE>1</NroDTE>', '<EstadoRecepDTE>0</EstadoRecepDTE>', '<NmbContacto>Mesa de Partes Ñuñoa</NmbContacto>']) {
      expect(written).toContain(fragment);
    }
    const changed = Buffer.from(written.replace('<EstadoRecepEnv>0</EstadoRecepEnv>', '<EstadoRecepEnv>1</EstadoRecepEnv>'), 'latin1');
    expect(xmlsecVerify(changed, raw.company.certificatePem, 'Resultado').status).not.toBe(0);
  });

  it('RecepcionEnvio of a refused envelope: its documents are reported not received with their own codes', async () => {
    const check = received('BASICO_762352915.xml');
    const xml = await recepcion(check, 'BASICO_762352915.xml');
    expect(xmllintValidate(xml, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
    expect(text(xml)).toContain('<EstadoRecepEnv>3</EstadoRecepEnv>');
    expect(text(xml).match(/<EstadoRecepDTE>3<\/EstadoRecepDTE>/g)).toHaveLength(8);
  });

  it('a refused envelope whose documents have no fault of their own: each is 99, naming the refusal', async () => {
    const check = received('F60T33-ejemplo-oficial-SII.xml', ['60803000-K']);
    const withSoundDocument = { ...check, documents: check.documents.map((document) => ({ ...document, status: { code: 0 as const, glosa: 'DTE Recibido OK', detail: '' } })) };
    const reception = envelopeReception(withSoundDocument, { NmbEnvio: 'F60.xml', FchRecep: signedAt, CodEnvio: 2 });
    expect(reception.documents[0]).toMatchObject({ EstadoRecepDTE: 99, RecepDTEGlosa: 'DTE No Recibido - Otros: el envío fue rechazado (Envío Rechazado - Error de Firma)' });
  });

  it('exportación documents (110-112) get no RecepcionDTE line, which the schema cannot carry; the envelope state speaks for them', async () => {
    const check = received('EXPORTACION1_762352915.xml');
    const xml = await recepcion(check, 'EXPORTACION1_762352915.xml');
    expect(xmllintValidate(xml, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
    expect(text(xml)).not.toContain('<RecepcionDTE>');
    expect(text(xml)).toContain('<EstadoRecepEnv>1</EstadoRecepEnv>');
  });

  it('an unreadable file is answered (91) to the issuer its text names; with no issuer at all, the builder says RutRecibe is missing', async () => {
    const check = checkReceivedEnvelope(fixture('envio/F000013T33.xml').subarray(0, 4000), { companyRuts: [OUR_COMPANY], schemaValidator });
    const xml = await recepcion(check, 'roto.xml');
    expect(xmllintValidate(xml, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
    expect(text(xml)).toContain('<EstadoRecepEnv>91</EstadoRecepEnv>');
    expect(text(xml)).toContain('<EnvioDTEID></EnvioDTEID>');
    const { certificate } = await testCredentials();
    const nothing = checkReceivedEnvelope(Buffer.from('no es XML'), { companyRuts: [OUR_COMPANY], schemaValidator });
    const result = buildRecepcionEnvio({ caratula: responseCaratula(nothing, { RutResponde: OUR_COMPANY, IdRespuesta: 1 }), envelopes: [envelopeReception(nothing, { NmbEnvio: 'x', FchRecep: signedAt, CodEnvio: 1 })], certificate, signedAt });
    expect(result).toEqual({ ok: false, problems: [{ pointer: '/caratula/RutRecibe', message: 'A RUT is required.' }] });
  });

  it('ResultadoDTE for each decision: valid, signed, with the manual\'s glosas and the law named when a factura is rejected', async () => {
    const { certificate, raw } = await testCredentials();
    const xml = value(buildResultadoDte({
      caratula: { RutResponde: OUR_COMPANY, RutRecibe: '76235291-5', IdRespuesta: 42 },
      results: [
        { ...F13, CodEnvio: 501, result: 'accepted' },
        { ...F13, Folio: 14, CodEnvio: 501, result: 'accepted_with_discrepancies', reason: 'Faltan 2 cajas' },
        { ...F13, Folio: 15, CodEnvio: 501, result: 'rejected', reason: 'Mercadería no solicitada & sin orden <OC>', CodRchDsc: -1 },
        { ...F13, TipoDTE: 52, Folio: 16, CodEnvio: 501, result: 'rejected', reason: 'Guía duplicada' },
      ],
      certificate,
      signedAt,
    }));
    expect(xmllintValidate(xml, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
    expect(xmlsecVerify(xml, raw.company.certificatePem, 'Resultado').output).toMatch(/^OK$/m);
    const written = text(xml);
    expect([...written.matchAll(/<EstadoDTE>(\d)<\/EstadoDTE>/g)].map((match) => match[1])).toEqual(['0', '1', '2', '2']);
    expect([...written.matchAll(/<EstadoDTEGlosa>([^<]*)<\/EstadoDTEGlosa>/g)].map((match) => match[1])).toEqual([
      'ACEPTADO OK',
      'ACEPTADO CON DISCREPANCIAS: Faltan 2 cajas',
      'RECHAZADO: Mercadería no solicitada &amp; sin orden &lt;OC&gt; (rechazo conforme a la Ley 19.983)',
      'RECHAZADO: Guía duplicada',
    ]);
    expect(written).toContain('<CodRchDsc>-1</CodRchDsc>');
    expect(written).toContain('<NroDetalles>4</NroDetalles>');
  });

  it('EnvioRecibos: valid against EnvioRecibos_v10.xsd; the set and each Recibo verify, in place and taken alone', async () => {
    const { certificate, raw } = await testCredentials();
    const xml = value(buildEnvioRecibos({
      caratula: { RutResponde: OUR_COMPANY, RutRecibe: '76235291-5', NmbContacto: 'Bodega' },
      receipts: [{ ...F13, Recinto: 'Bodega Central, Quilicura' }, { ...F13, Folio: 14, Recinto: 'Oficina', RutFirma: '11111111-1' }],
      certificate,
      signedAt,
    }));
    expect(xmllintValidate(xml, 'EnvioRecibos_v10.xsd')).toMatchObject({ status: 0 });
    const ids = ['SetRecibos', 'DocumentoRecibo'];
    expect(xmlsecVerifyAt(xml, raw.company.certificatePem, ids, "/*/*[local-name()='Signature']").output).toMatch(/^OK$/m);
    const written = text(xml);
    for (const position of [1, 2]) {
      const inPlace = xmlsecVerifyAt(xml, raw.company.certificatePem, ids, `/*/*[local-name()='SetRecibos']/*[local-name()='Recibo'][${position}]/*[local-name()='Signature']`);
      expect(inPlace.output).toMatch(/^OK$/m);
      const alone = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${written.match(/<Recibo [\s\S]*?<\/Recibo>/g)![position - 1]}\n`, 'latin1');
      expect(xmlsecVerifyAt(alone, raw.company.certificatePem, ids, "/*/*[local-name()='Signature']").output).toMatch(/^OK$/m);
    }
    expect(written.split(`<Declaracion>${RECIBO_DECLARATION}</Declaracion>`)).toHaveLength(3);
    expect(written).toContain(`<RutFirma>${certificate.signerRut}</RutFirma>`);
    expect(written).toContain('<RutFirma>11111111-1</RutFirma>');
    expect(written).toContain('<Recinto>Bodega Central, Quilicura</Recinto>');
  });
});

describe('the answers refuse bad input, naming each field, and sign nothing', () => {
  it('ResultadoDTE: a rejection without reason, a type the schema cannot name, a bad RUT, a positive CodRchDsc and an emoji', async () => {
    const { certificate } = await testCredentials();
    const result = buildResultadoDte({
      caratula: { RutResponde: '77447842-5', RutRecibe: TEST_COMPANY_RUT, IdRespuesta: 0, NmbContacto: 'Ana 😀' },
      results: [
        { ...F13, CodEnvio: 1, result: 'rejected' },
        { ...F13, TipoDTE: 110, CodEnvio: 1, result: 'accepted', CodRchDsc: 5 },
      ],
      certificate,
      signedAt,
    });
    expect(result.ok).toBe(false);
    const pointers = result.ok ? [] : result.problems.map((problem) => problem.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/caratula/RutResponde', '/caratula/IdRespuesta', '/caratula/NmbContacto', '/results/0/reason', '/results/1/TipoDTE', '/results/1/CodRchDsc']));
    expect(pointers).not.toContain('/caratula/RutRecibe');
  });

  it('EnvioRecibos: no receipts, and a receipt without its Recinto', async () => {
    const { certificate } = await testCredentials();
    const none = buildEnvioRecibos({ caratula: { RutResponde: OUR_COMPANY, RutRecibe: TEST_COMPANY_RUT }, receipts: [], certificate, signedAt });
    expect(none).toEqual({ ok: false, problems: [{ pointer: '/receipts', message: 'At least one receipt is required.' }] });
    const noPlace = buildEnvioRecibos({ caratula: { RutResponde: OUR_COMPANY, RutRecibe: TEST_COMPANY_RUT }, receipts: [{ ...F13, Recinto: ' ' }], certificate, signedAt });
    expect(noPlace).toEqual({ ok: false, problems: [{ pointer: '/receipts/0/Recinto', message: 'A value is required.' }] });
  });
});
