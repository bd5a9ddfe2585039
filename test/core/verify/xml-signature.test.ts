import { describe, expect, it } from 'vitest';
import { extractDocuments, verifyXml } from '../../../src/core/verify/index.ts';
import type { Check, VerificationReport } from '../../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { fixture, onPath, xmlsec1Verifies } from './support/fixtures.ts';
import { createIdentity, signDocument, withoutSignature } from './support/test-signer.ts';

const schemaValidator = sharedSchemaValidator();
const hasXmlsec1 = onPath('xmlsec1');
const signer = createIdentity('FIRMANTE DE PRUEBA');
const stranger = createIdentity('OTRA PERSONA');

/** The DTE of F000013T33 taken alone, without its Signature, ready to be signed again. */
const unsignedDte = withoutSignature(Buffer.from(extractDocuments(fixture('envio/F000013T33.xml'))[0]!.bytes).toString('latin1'));

function named(report: VerificationReport, name: Check['name']): Check {
  return report.checks.find((item) => item.name === name)!;
}

describe('XMLDSig variants', () => {
  it('verifies RSA-SHA256 with a SHA-256 digest, and xmlsec1 agrees', () => {
    const signed = signDocument(unsignedDte, 'F13T33', { identity: signer, hash: 'sha256' });
    const report = verifyXml(signed, { schemaValidator });
    expect(named(report, 'document-signature')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('SHA-256 digest of the inclusive C14N Documento (#F13T33) matches DigestValue; the RSA-SHA256 SignatureValue'),
    });
    expect(named(report, 'signature-certificate').detail).toBe(
      'The X509Certificate of "FIRMANTE DE PRUEBA" holds the same RSA key as the RSAKeyValue, so it names the signer.',
    );
    if (hasXmlsec1) expect(xmlsec1Verifies(signed)).toBe(true);
  });

  it('accepts an enveloped-signature transform listed before C14N, and xmlsec1 agrees', () => {
    const signed = signDocument(unsignedDte, 'F13T33', { identity: signer, enveloped: true });
    expect(named(verifyXml(signed, { schemaValidator }), 'document-signature').ok).toBe(true);
    if (hasXmlsec1) expect(xmlsec1Verifies(signed)).toBe(true);
  });

  it('verifies exclusive C14N, and xmlsec1 agrees', () => {
    const signed = signDocument(unsignedDte, 'F13T33', { identity: signer, exclusive: true });
    expect(named(verifyXml(signed, { schemaValidator }), 'document-signature')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('SHA-1 digest of the exclusive C14N Documento (#F13T33) matches DigestValue; the RSA-SHA1 SignatureValue over the exclusive C14N SignedInfo verifies'),
    });
    if (hasXmlsec1) expect(xmlsec1Verifies(signed)).toBe(true);
  });

  it('refuses an unknown SignatureMethod with a clear detail', () => {
    const signed = signDocument(unsignedDte, 'F13T33', { identity: signer, signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#rsa-md5' });
    expect(named(verifyXml(signed, { schemaValidator }), 'document-signature')).toMatchObject({
      ok: false,
      detail: expect.stringContaining(
        'SignedInfo uses SignatureMethod "http://www.w3.org/2001/04/xmldsig-more#rsa-md5", which this verifier does not support (RSA-SHA1, RSA-SHA256, RSA-SHA512)',
      ),
    });
  });

  it('refuses an unknown Transform with a clear detail', () => {
    const signed = signDocument(unsignedDte, 'F13T33', { identity: signer }).toString('latin1');
    const tampered = signed.replace(
      '<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>',
      '<Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>',
    );
    expect(named(verifyXml(Buffer.from(tampered, 'latin1'), { schemaValidator }), 'document-signature').detail).toContain(
      'lists Transform "http://www.w3.org/TR/1999/REC-xslt-19991116", which this verifier does not support',
    );
  });

  it('fails when RSAKeyValue is not the signing key, and xmlsec1 agrees', () => {
    const signed = signDocument(unsignedDte, 'F13T33', { identity: signer, keyValueOf: stranger.publicKey });
    const report = verifyXml(signed, { schemaValidator });
    expect(named(report, 'document-signature').ok).toBe(false);
    expect(named(report, 'signature-certificate')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('the SignatureValue does not verify with the RSAKeyValue key and verifies with the certificate'),
    });
    if (hasXmlsec1) expect(xmlsec1Verifies(signed)).toBe(false);
  });

  it("reports a certificate that is not the signer's even when the signature verifies (as in the SII's example)", () => {
    const impostor = { ...stranger, privateKey: signer.privateKey, publicKey: signer.publicKey };
    const signed = signDocument(unsignedDte, 'F13T33', { identity: impostor });
    const report = verifyXml(signed, { schemaValidator });
    expect(named(report, 'document-signature').ok).toBe(true);
    expect(named(report, 'signature-certificate')).toMatchObject({ ok: false, detail: expect.stringContaining('"OTRA PERSONA" holds a different key') });
    expect(report.ok).toBe(false);
  });

  it('refuses a reference that points at something other than the Documento', () => {
    const signed = signDocument(unsignedDte.replace('<TED version="1.0">', '<TED version="1.0" ID="T1">'), 'T1', { identity: signer });
    expect(named(verifyXml(signed, { schemaValidator }), 'document-signature').detail).toContain('Reference URI "#T1" points at <TED>, not at the Documento');
  });

  it('refuses an ID that two elements share, which would let a signature be moved', () => {
    const signed = signDocument(unsignedDte, 'F13T33', { identity: signer }).toString('latin1');
    const duplicated = signed.replace('<TED version="1.0">', '<TED version="1.0" ID="F13T33">');
    expect(named(verifyXml(Buffer.from(duplicated, 'latin1'), { schemaValidator }), 'document-signature').detail).toContain(
      '2 elements have ID "F13T33", so the reference is ambiguous',
    );
  });
});
