import { describe, expect, it } from 'vitest';
import { extractDocuments, verifyXml } from '../../../src/core/verify/index.ts';
import type { Check, VerificationReport } from '../../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { fixture, fixtureNames, linesContaining, onPath, SCHEMA_INVALID_ENVELOPES, xmlsec1Verifies } from './support/fixtures.ts';

const schemaValidator = sharedSchemaValidator();
const envelopes = fixtureNames('envio');
const hasXmlsec1 = onPath('xmlsec1');

function checksNamed(report: VerificationReport, name: Check['name']): Check[] {
  return report.checks.filter((item) => item.name === name);
}

function only(report: VerificationReport, name: Check['name']): Check {
  const found = checksNamed(report, name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('verifyXml on the real signed envelopes', () => {
  it('finds all six sample envelopes', () => {
    expect(envelopes).toHaveLength(6);
  });

  describe.each(envelopes)('%s', (name) => {
    const bytes = fixture(`envio/${name}`);
    const report = verifyXml(bytes, { schemaValidator });

    it('is read as an EnvioDTE and lists every check with a sentence', () => {
      expect(report.kind).toBe('EnvioDTE');
      for (const item of report.checks) {
        expect(item.detail).toMatch(/^[A-Z].*\.$/s);
        expect(item.subject).not.toBe('');
      }
      const documents = extractDocuments(bytes).length;
      expect(checksNamed(report, 'document-signature')).toHaveLength(documents);
      expect(checksNamed(report, 'ted-signature')).toHaveLength(documents);
      expect(checksNamed(report, 'caf-signature')).toHaveLength(documents);
      expect(checksNamed(report, 'totals')).toHaveLength(documents);
    });

    it('accepts the envelope signature over SetDTE', () => {
      const signature = only(report, 'envelope-signature');
      expect(signature.ok, signature.detail).toBe(true);
      expect(signature.detail).toContain('SHA-1 digest of the inclusive C14N SetDTE (#SetDoc) matches DigestValue');
    });

    it.runIf(hasXmlsec1)('agrees with xmlsec1 on the envelope signature', () => {
      expect(only(report, 'envelope-signature').ok).toBe(xmlsec1Verifies(bytes));
    });

    it.runIf(hasXmlsec1)('agrees with xmlsec1 on each DTE signature, on the DTE taken alone', () => {
      const documentChecks = checksNamed(report, 'document-signature');
      extractDocuments(bytes).forEach((extracted, index) => {
        expect(documentChecks[index]!.ok, documentChecks[index]!.detail).toBe(xmlsec1Verifies(extracted.bytes));
      });
    });

    it('verifies every TED against the CAF inside it, and every CAF against the SII certificate IDK 100', () => {
      for (const item of [...checksNamed(report, 'ted-signature'), ...checksNamed(report, 'ted-data'), ...checksNamed(report, 'caf-signature')]) {
        expect(item.ok, `${item.subject}: ${item.detail}`).toBe(true);
      }
      for (const item of checksNamed(report, 'caf-signature')) {
        expect(item.detail).toContain('the SII certificate IDK 100 (certificación)');
      }
    });

    it('finds the totals consistent wherever it can recompute them', () => {
      for (const item of checksNamed(report, 'totals')) {
        expect(item.ok, `${item.subject}: ${item.detail}`).toBe(true);
      }
    });

    if (SCHEMA_INVALID_ENVELOPES.includes(name)) {
      it('reports each <TipoDTE> in SubTotDTE as a schema error with its line', () => {
        const schema = only(report, 'schema');
        expect(schema.ok).toBe(false);
        const caratulaLines = linesContaining(bytes, '<TipoDTE>').filter((line) => line < linesContaining(bytes, '</Caratula>')[0]!);
        expect(caratulaLines.length).toBeGreaterThan(0);
        expect(schema.detail).toContain(`(${caratulaLines.length} error${caratulaLines.length === 1 ? '' : 's'})`);
        for (const line of caratulaLines) {
          expect(schema.detail).toContain(`line ${line}: Element '{http://www.sii.cl/SiiDte}TipoDTE': This element is not expected. Expected is ( {http://www.sii.cl/SiiDte}TpoDTE )`);
        }
      });
    } else {
      it('is valid against EnvioDTE_v10.xsd', () => {
        expect(only(report, 'schema')).toMatchObject({ ok: true, detail: 'The file is valid against EnvioDTE_v10.xsd.' });
      });
    }
  });
});

describe('what the samples show', () => {
  it('F000013T33: every check passes (its <DTE> declares the SII namespace itself)', () => {
    const report = verifyXml(fixture('envio/F000013T33.xml'), { schemaValidator });
    expect(report.checks.filter((item) => !item.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("the SII's own example F60T33: the DTE verifies taken alone as written, but its certificate is not the signer's", () => {
    const report = verifyXml(fixture('envio/F60T33-ejemplo-oficial-SII.xml'), { schemaValidator });
    expect(only(report, 'envelope-signature').ok).toBe(true);
    const documentSignature = checksNamed(report, 'document-signature')[0]!;
    expect(documentSignature.ok, documentSignature.detail).toBe(true);
    expect(documentSignature.detail).toContain('declares no namespace (it was signed without one)');
    const certificates = checksNamed(report, 'signature-certificate');
    expect(certificates.map((item) => [item.subject, item.ok])).toEqual([
      ['EnvioDTE', false],
      ['DTE 33 folio 60', false],
    ]);
    expect(certificates[0]!.detail).toContain('holds a different key from the RSAKeyValue');
    expect(certificates[0]!.detail).toContain('the SignatureValue verifies with the RSAKeyValue key and does not verify with the certificate');
  });

  it('skips the totals of types this product does not issue, saying why', () => {
    const report = verifyXml(fixture('envio/EXPORTACION1_762352915.xml'), { schemaValidator });
    expect(checksNamed(report, 'totals')[0]).toEqual({
      name: 'totals',
      subject: 'DTE 110 folio 13',
      ok: true,
      skipped: true,
      detail: 'Not checked: totals are recomputed only for the types this product issues (33, 34, 52, 56, 61, 39, 41), not for type 110.',
    });
  });

  it('the MBX envelopes: each DTE was signed in the SII namespace and embedded without declaring it', () => {
    const report = verifyXml(fixture('envio/BASICO_762352915.xml'), { schemaValidator });
    const signatures = checksNamed(report, 'document-signature');
    expect(signatures).toHaveLength(8);
    for (const item of signatures) {
      expect(item.ok).toBe(false);
      expect(item.detail).toMatch(/is \S+ but DigestValue says \S+: the Documento changed after signing/);
      expect(item.detail).toContain('with xmlns="http://www.sii.cl/SiiDte" declared on <DTE> it verifies');
      expect(item.detail).toContain('DTE-3-505');
    }
  });

  it('accepts those DTE signatures when dropped namespaces are tolerated', () => {
    const report = verifyXml(fixture('envio/BASICO_762352915.xml'), { schemaValidator, tolerateDroppedNamespace: true });
    expect(report.ok, JSON.stringify(report.checks.filter((item) => !item.ok), null, 2)).toBe(true);
    expect(checksNamed(report, 'document-signature')[0]!.detail).toContain('accepted because dropped namespaces are tolerated');
  });

  it.runIf(hasXmlsec1)('xmlsec1 agrees that those DTEs verify once the namespace is declared', () => {
    for (const extracted of extractDocuments(fixture('envio/BASICO_762352915.xml'), true)) {
      expect(extracted.declaresNamespace).toBe(false);
      expect(xmlsec1Verifies(extracted.bytes)).toBe(true);
    }
  });
});
