import { describe, expect, it } from 'vitest';
import { verifyXml } from '../../../src/core/verify/index.ts';
import type { Check, VerificationReport } from '../../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { fixture, fixtureNames, onPath, xmlsec1Verifies } from './support/fixtures.ts';

const schemaValidator = sharedSchemaValidator();
const hasXmlsec1 = onPath('xmlsec1');

function named(report: VerificationReport, name: Check['name']): Check {
  const found = report.checks.find((item) => item.name === name);
  if (found === undefined) throw new Error(`No ${name} check.`);
  return found;
}

/**
 * The real DTEs received from others (cl-sii's test data): as received they lack the namespace and
 * are windows-1252 or ISO-8859-1; the "cleaned" copies have the namespace added by cl-sii.
 */
describe('verifyXml on real DTEs as received', () => {
  const names = fixtureNames('dte');

  it.each(names)('%s: reads it, verifies its TED and CAF, and recomputes its totals', (name) => {
    const report = verifyXml(fixture(`dte/${name}`), { schemaValidator });
    expect(report.kind).toBe('DTE');
    for (const check of ['ted-signature', 'ted-data', 'caf-signature', 'totals', 'signature-certificate'] as const) {
      expect(named(report, check).ok, named(report, check).detail).toBe(true);
    }
    expect(named(report, 'caf-signature').detail).toContain('the SII certificate IDK 300 (producción)');
  });

  it.each(names)('%s: the schema check fails exactly when the namespace is missing', (name) => {
    const report = verifyXml(fixture(`dte/${name}`), { schemaValidator });
    const schema = named(report, 'schema');
    if (name.endsWith('--cleaned.xml')) {
      expect(schema.ok, schema.detail).toBe(true);
    } else {
      expect(schema).toMatchObject({ ok: false, detail: expect.stringContaining("line 2: Element 'DTE': No matching global declaration available for the validation root") });
      expect(named(report, 'parse').detail).toContain('root DTE in no namespace');
    }
  });

  it.runIf(hasXmlsec1).each(names)('%s: agrees with xmlsec1 on the document signature', (name) => {
    const bytes = fixture(`dte/${name}`);
    expect(named(verifyXml(bytes, { schemaValidator }), 'document-signature').ok).toBe(xmlsec1Verifies(bytes));
  });

  it('shows which were signed without a namespace and which lost it afterwards', () => {
    const verdicts = Object.fromEntries(names.map((name) => [name, named(verifyXml(fixture(`dte/${name}`), { schemaValidator }), 'document-signature').ok]));
    expect(verdicts).toEqual({
      'DTE--60910000-1--33--2336600--cleaned.xml': false,
      'DTE--60910000-1--33--2336600.xml': true,
      'DTE--76354771-K--33--170--cleaned.xml': true,
      'DTE--76354771-K--33--170.xml': false,
      'DTE--76399752-9--33--25568--cleaned.xml': true,
      'DTE--76399752-9--33--25568.xml': false,
      'DTE--96670340-7--61--110616--cleaned.xml': false,
      'DTE--96670340-7--61--110616.xml': true,
    });
  });

  it('accepts the documents that lost their namespace when that is tolerated', () => {
    const report = verifyXml(fixture('dte/DTE--76354771-K--33--170.xml'), { schemaValidator, tolerateDroppedNamespace: true });
    expect(named(report, 'document-signature')).toMatchObject({ ok: true, detail: expect.stringContaining('accepted because dropped namespaces are tolerated') });
  });

  it('reads a DTE with DocPersonalizado after its Signature', () => {
    const report = verifyXml(fixture('dte/DTE--96670340-7--61--110616.xml'), { schemaValidator });
    expect(named(report, 'document-signature').ok).toBe(true);
    expect(report.checks.map((item) => item.subject)).toContain('DTE 61 folio 110616');
  });
});

describe('verifyXml on input it must refuse', () => {
  it('refuses a DOCTYPE without loading anything', () => {
    const hostile = Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE DTE [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<DTE>&x;</DTE>\n');
    const report = verifyXml(hostile, { schemaValidator });
    expect(report).toMatchObject({ kind: 'unknown', ok: false });
    expect(report.checks).toEqual([expect.objectContaining({ name: 'parse', ok: false, detail: expect.stringContaining('DOCTYPE') })]);
  });

  it('reports malformed XML with its line', () => {
    const report = verifyXml(Buffer.from('<?xml version="1.0"?>\n<DTE>\n<Documento>\n</DTE>\n'), { schemaValidator });
    expect(report.checks[0]).toMatchObject({ name: 'parse', ok: false, detail: expect.stringMatching(/line \d+: /) });
  });

  it('reports a root that is neither DTE nor EnvioDTE', () => {
    const report = verifyXml(Buffer.from('<?xml version="1.0"?>\n<AUTORIZACION/>\n'), { schemaValidator });
    expect(report.checks[0]!.detail).toBe('The root element is <AUTORIZACION>; a DTE or an EnvioDTE was expected.');
  });

  it('reports an encoding it does not handle', () => {
    const report = verifyXml(Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?>\n<DTE/>\n'), { schemaValidator });
    expect(report.checks[0]!.detail).toContain('"Shift_JIS"');
  });
});
