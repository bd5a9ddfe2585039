import { describe, expect, it } from 'vitest';
import { verifyXml } from '../../../src/core/verify/index.ts';
import type { Check, VerificationReport } from '../../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { fixture, onPath, replaceOnce, xmlsec1Verifies } from './support/fixtures.ts';

const schemaValidator = sharedSchemaValidator();
const hasXmlsec1 = onPath('xmlsec1');
/** The one sample on which every check passes, so each tampering shows up alone. */
const envelope = fixture('envio/F000013T33.xml');

function failures(report: VerificationReport): Array<Pick<Check, 'name' | 'subject'>> {
  return report.checks.filter((item) => !item.ok).map(({ name, subject }) => ({ name, subject }));
}

function detailOf(report: VerificationReport, name: Check['name']): string {
  return report.checks.find((item) => item.name === name)!.detail;
}

const envelopeFails = { name: 'envelope-signature', subject: 'EnvioDTE' };
const documentFails = (name: Check['name']) => ({ name, subject: 'DTE 33 folio 13' });

describe('flipping one character', () => {
  it('passes every check untouched', () => {
    expect(failures(verifyXml(envelope, { schemaValidator }))).toEqual([]);
  });

  it('inside a Documento: the document and envelope signatures fail with the digest mismatch', () => {
    const tampered = replaceOnce(envelope, '<GiroRecep>Venta de juegos', '<GiroRecep>Venta de juegas');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails, documentFails('document-signature')]);
    expect(detailOf(report, 'document-signature')).toMatch(
      /^On the DTE taken alone as written: the SHA-1 digest of the inclusive C14N Documento \(#F13T33\) is \S+ but DigestValue says seNAYJSolSL7brgDq5m80kRVgxU=: the Documento changed after signing\.$/,
    );
    expect(detailOf(report, 'envelope-signature')).toContain('SetDTE changed after signing');
  });

  it('inside SetDTE but outside every DTE: only the envelope signature fails', () => {
    const tampered = replaceOnce(envelope, '<TmstFirmaEnv>2025-07-03T16:31:42', '<TmstFirmaEnv>2025-07-03T16:31:43');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails]);
    expect(detailOf(report, 'envelope-signature')).toMatch(/SetDTE \(#SetDoc\) is \S+ but DigestValue says yT5MkLEhhOwcpDHRjO5iyTvsJkk=/);
  });

  it.runIf(hasXmlsec1)('xmlsec1 agrees that such an envelope no longer verifies', () => {
    expect(xmlsec1Verifies(replaceOnce(envelope, '<TmstFirmaEnv>2025-07-03T16:31:42', '<TmstFirmaEnv>2025-07-03T16:31:43'))).toBe(false);
  });

  it('inside DD: the TED signature fails, and so do the signatures that cover it', () => {
    const tampered = replaceOnce(envelope, '<RSR>Baca Juegos', '<RSR>Baca Juegas');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails, documentFails('document-signature'), documentFails('ted-signature')]);
    expect(detailOf(report, 'ted-signature')).toBe(
      "FRMT (SHA1withRSA) over DD (620 bytes, ISO-8859-1, whitespace between elements removed) with the CAF's RSAPK does not verify: DD changed after stamping, or the TED was stamped with another CAF's key.",
    );
  });

  it("in DD's folio: the TED data check names the field", () => {
    const report = verifyXml(replaceOnce(envelope, '<F>13</F>', '<F>14</F>'), { schemaValidator });
    expect(failures(report)).toContainEqual(documentFails('ted-data'));
    expect(detailOf(report, 'ted-data')).toBe('The timbre does not match the document: DD/F is 14 but Folio is 13.');
  });

  it('in DD beyond the CAF range: the TED data check says so', () => {
    const report = verifyXml(replaceOnce(replaceOnce(envelope, '<F>13</F>', '<F>21</F>'), '<Folio>13</Folio>', '<Folio>21</Folio>'), { schemaValidator });
    expect(detailOf(report, 'ted-data')).toBe("The timbre does not match the document: folio 21 is outside the CAF's range 1..20.");
  });

  it('in the CAF: the CAF signature fails, naming the certificates tried', () => {
    const tampered = replaceOnce(envelope, '<FA>2025-04-11</FA>', '<FA>2025-04-12</FA>');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails, documentFails('document-signature'), documentFails('ted-signature'), documentFails('caf-signature')]);
    expect(detailOf(report, 'caf-signature')).toContain(
      'verifies with none of the trusted certificates (tried the SII certificate IDK 100 (certificación), the SII certificate IDK 300 (producción))',
    );
  });

  it("in the envelope's DigestValue: the digest mismatch is reported", () => {
    const tampered = replaceOnce(envelope, '<DigestValue>yT5MkLEhhOwcpDHRjO5iyTvsJkk=', '<DigestValue>zT5MkLEhhOwcpDHRjO5iyTvsJkk=');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails]);
    expect(detailOf(report, 'envelope-signature')).toContain('is yT5MkLEhhOwcpDHRjO5iyTvsJkk= but DigestValue says zT5MkLEhhOwcpDHRjO5iyTvsJkk=');
  });

  it('in SignedInfo elsewhere (a line break): the digest holds but the SignatureValue no longer verifies', () => {
    const tampered = replaceOnce(envelope, '<Reference URI="#SetDoc">', '\n<Reference URI="#SetDoc">');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails]);
    expect(detailOf(report, 'envelope-signature')).toContain(
      'matches DigestValue; the RSA-SHA1 SignatureValue over the inclusive C14N SignedInfo does not verify with the RSAKeyValue key',
    );
  });

  it('in the SignatureValue: the detail says it does not verify with the RSAKeyValue key', () => {
    const tampered = replaceOnce(envelope, '<SignatureValue>onKTgib', '<SignatureValue>onKTgiB');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails]);
    expect(detailOf(report, 'envelope-signature')).toContain('does not verify with the RSAKeyValue key');
  });

  it("in the RSAKeyValue modulus: the signature fails and the certificate no longer matches the key", () => {
    const text = envelope.toString('latin1');
    const index = text.lastIndexOf('<Modulus>') + '<Modulus>'.length;
    const tampered = Buffer.from(text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1), 'latin1');
    const report = verifyXml(tampered, { schemaValidator });
    expect(failures(report)).toEqual([envelopeFails, { name: 'signature-certificate', subject: 'EnvioDTE' }]);
    expect(detailOf(report, 'signature-certificate')).toContain('holds a different key from the RSAKeyValue');
  });

  it('in a total: the totals check recomputes and names the field', () => {
    const report = verifyXml(replaceOnce(envelope, '<IVA>189818</IVA>', '<IVA>189819</IVA>'), { schemaValidator });
    expect(failures(report)).toContainEqual(documentFails('totals'));
    expect(detailOf(report, 'totals')).toBe('Recomputed from 2 Detalle lines: IVA is 189819 but 19% of MntNeto 999043 is 189818.');
  });

  it('in a line amount: the totals check names the line and the sums', () => {
    const report = verifyXml(replaceOnce(envelope, '<MontoItem>586320</MontoItem>', '<MontoItem>586321</MontoItem>'), { schemaValidator });
    expect(detailOf(report, 'totals')).toBe(
      'Recomputed from 2 Detalle lines: Detalle line 1: MontoItem is 586321 but QtyItem × PrcItem with its discount and recharge gives 586320.',
    );
  });

  it('in MntTotal: both the totals and the TED data checks fail', () => {
    const report = verifyXml(replaceOnce(envelope, '<MntTotal>1188861</MntTotal>', '<MntTotal>1188862</MntTotal>'), { schemaValidator });
    expect(failures(report)).toEqual(expect.arrayContaining([documentFails('ted-data'), documentFails('totals')]));
    expect(detailOf(report, 'ted-data')).toBe('The timbre does not match the document: DD/MNT is 1188861 but MntTotal is 1188862.');
  });

  it('in the Caratula so that it breaks the schema: the schema check lists the error with its line', () => {
    const report = verifyXml(replaceOnce(envelope, '<NroDTE>1</NroDTE>', '<NroDTE>x</NroDTE>'), { schemaValidator });
    expect(detailOf(report, 'schema')).toMatch(/^The file is not valid against EnvioDTE_v10\.xsd \(1 error\): line 13: Element '\{http:\/\/www\.sii\.cl\/SiiDte\}NroDTE': 'x' is not a valid value/);
  });
});
