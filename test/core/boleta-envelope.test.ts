import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '../../src/core/build-envelope.ts';
import { createIssuer, type IssuedDocument } from '../../src/core/issue-document.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { testCredentials } from '../support/credentials.ts';
import { externalToolsAvailable, extractDocuments, xmllintValidate, xmlsecVerify, xmlsecVerifyInPlace } from '../support/external-tools.ts';
import { sampleBoleta, sampleRequest } from '../support/requests.ts';
import { skipping, xmlToolsMissing } from '../support/skip-reason.ts';

const signedAt = new Date('2026-11-20T15:30:00Z');

async function issue(request: Record<string, unknown>, folio = 10): Promise<IssuedDocument> {
  const credentials = await testCredentials();
  const type = ((request.Encabezado as Record<string, Record<string, number>>).IdDoc!).TipoDTE!;
  const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(type)!, trustedCafSigners: [credentials.authority], schemaValidator: sharedSchemaValidator() });
  const result = issuer.issue(request, { folio, signedAt });
  if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.pointer}: ${problem.message}`).join('\n'));
  return result.value;
}

describe.skipIf(skipping('boletas checked by xmllint and xmlsec1', xmlToolsMissing(externalToolsAvailable)))('boletas, checked by xmllint and xmlsec1', () => {
  it('an EnvioBOLETA of a boleta and a boleta exenta validates against EnvioBOLETA_v11.xsd and every signature verifies alone and in place', async () => {
    const documents = [await issue(sampleBoleta(39), 11), await issue(sampleBoleta(41), 12)];
    const { certificate, raw } = await testCredentials();
    const envelope = buildEnvelope({ documents: documents.map((document) => document.xml), certificate, FchResol: '2026-01-15', NroResol: 0, signedAt });
    const schema = xmllintValidate(envelope, 'EnvioBOLETA_v11.xsd');
    expect(schema.output).toContain('validates');
    expect(schema.status).toBe(0);
    // The service's own validator (libxml2) knows the EnvioBOLETA root too.
    expect(sharedSchemaValidator().validate(envelope, 'EnvioBOLETA')).toEqual({ valid: true, errors: [] });
    expect(xmlsecVerify(envelope, raw.company.certificatePem, 'SetDTE').status).toBe(0);
    for (const [index, document] of extractDocuments(envelope).entries()) {
      expect(xmlsecVerify(document, raw.company.certificatePem, 'Documento').status).toBe(0);
      expect(xmlsecVerifyInPlace(envelope, raw.company.certificatePem, index + 1).output).toMatch(/^OK/m);
    }
    const text = envelope.toString('latin1');
    expect(text).toMatch(/^<\?xml[^\n]*\n<EnvioBOLETA /m);
    expect(text).toContain('<RUTRecep>66666666-6</RUTRecep>');
    expect(text).toContain('<RznSocEmisor>');
    expect(text).not.toContain('<Acteco>');
    // The TED is written as on any DTE, with the boleta's type and total.
    expect(text).toMatch(/<TED version="1.0">\s*<DD>\s*<RE>[^<]+<\/RE>\s*<TD>39<\/TD>/);
  });

  it('a boleta with a changed amount fails xmlsec1', async () => {
    const document = await issue(sampleBoleta(39));
    const { raw } = await testCredentials();
    const tampered = Buffer.from(document.xml.toString('latin1').replace('<MntTotal>', '<MntTotal>1'), 'latin1');
    expect(xmlsecVerify(tampered, raw.company.certificatePem, 'Documento').status).not.toBe(0);
  });
});

describe('boleta envelopes', () => {
  it('do not mix boletas with facturas', async () => {
    const { certificate } = await testCredentials();
    const documents = [await issue(sampleBoleta(39)), await issue(sampleRequest(33))];
    expect(() => buildEnvelope({ documents: documents.map((document) => document.xml), certificate, FchResol: '2026-01-15', NroResol: 0, signedAt }))
      .toThrow(/same envelope \(EnvioBOLETA\)/);
  });

  it('issue a nota de crédito that references a boleta, in an EnvioDTE', async () => {
    const nota = await issue(sampleRequest(61, { Referencia: [{ TpoDocRef: '39', FolioRef: '11', FchRef: '2026-11-20', CodRef: 3, RazonRef: 'DEVOLUCION' }] }));
    expect(nota.xml.toString('latin1')).toContain('<TpoDocRef>39</TpoDocRef>');
  });
});
