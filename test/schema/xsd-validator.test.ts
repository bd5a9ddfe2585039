import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA_DIRECTORY, sharedSchemaValidator, XsdSchemaValidator } from '../../src/schema/xsd-validator.ts';
import type { SchemaKind } from '../../src/core/verify/index.ts';
import { fixture, fixtureNames, linesContaining, onPath, repeatedEnvelope, SCHEMA_INVALID_ENVELOPES, xmllintValid } from '../core/verify/support/fixtures.ts';

const validator = sharedSchemaValidator();
const hasXmllint = onPath('xmllint');

describe('XsdSchemaValidator', () => {
  it('keeps one compiled instance for the process', () => {
    expect(sharedSchemaValidator()).toBe(validator);
    expect(DEFAULT_SCHEMA_DIRECTORY).toMatch(/resources\/schemas\/$/);
  });

  it.each(fixtureNames('envio'))('envio/%s: valid exactly when it is not one of the three negative samples', (name) => {
    const result = validator.validate(fixture(`envio/${name}`), 'EnvioDTE');
    expect(result.valid).toBe(!SCHEMA_INVALID_ENVELOPES.includes(name));
  });

  it.each(SCHEMA_INVALID_ENVELOPES)('%s: one error per <TipoDTE> in SubTotDTE, each with its line', (name) => {
    const bytes = fixture(`envio/${name}`);
    const caratulaEnd = linesContaining(bytes, '</Caratula>')[0]!;
    const expectedLines = linesContaining(bytes, '<TipoDTE>').filter((line) => line < caratulaEnd);
    expect(validator.validate(bytes, 'EnvioDTE').errors).toEqual(
      expectedLines.map((line) => ({
        line,
        message: "Element '{http://www.sii.cl/SiiDte}TipoDTE': This element is not expected. Expected is ( {http://www.sii.cl/SiiDte}TpoDTE ).",
      })),
    );
  });

  it.each(fixtureNames('dte'))('dte/%s: valid exactly when it carries the SII namespace', (name) => {
    expect(validator.validate(fixture(`dte/${name}`), 'DTE').valid).toBe(name.endsWith('--cleaned.xml'));
  });

  it.runIf(hasXmllint)('agrees with xmllint --schema on every sample', () => {
    const samples: Array<[string, SchemaKind, string]> = [
      ...fixtureNames('envio').map((name): [string, SchemaKind, string] => [`envio/${name}`, 'EnvioDTE', 'EnvioDTE_v10.xsd']),
      ...fixtureNames('dte').map((name): [string, SchemaKind, string] => [`dte/${name}`, 'DTE', 'DTE_v10.xsd']),
    ];
    for (const [path, kind, schema] of samples) {
      expect(validator.validate(fixture(path), kind).valid, path).toBe(xmllintValid(fixture(path), schema));
    }
  });

  it('says when the root is not the kind asked for', () => {
    expect(validator.validate(fixture('dte/DTE--76354771-K--33--170--cleaned.xml'), 'EnvioDTE')).toEqual({
      valid: false,
      errors: [{ line: 2, message: 'The root element is <DTE>, not <EnvioDTE>.' }],
    });
  });

  it('reports malformed XML with its line', () => {
    const result = validator.validate(Buffer.from('<?xml version="1.0"?>\n<DTE>\n<Documento>\n</DTE>\n'), 'DTE');
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 4, message: expect.stringContaining('Opening and ending tag mismatch') });
  });

  it('refuses a DOCTYPE: no external entity, no DTD, no entity expansion', () => {
    const attacks = [
      '<?xml version="1.0"?>\n<!DOCTYPE DTE [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<DTE xmlns="http://www.sii.cl/SiiDte">&x;</DTE>',
      '<?xml version="1.0"?>\n<!DOCTYPE DTE SYSTEM "http://example.com/evil.dtd">\n<DTE/>',
      '<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<DTE>&b;</DTE>',
    ];
    for (const attack of attacks) {
      expect(validator.validate(Buffer.from(attack), 'DTE')).toEqual({
        valid: false,
        errors: [{ message: 'The input contains a DOCTYPE declaration; DTDs and entities are refused in untrusted XML.' }],
      });
    }
  });

  it('refuses UTF-16 input, which would hide a DOCTYPE from the byte search', () => {
    const utf16 = Buffer.from('\ufeff<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE DTE><DTE/>', 'utf16le');
    expect(validator.validate(utf16, 'DTE').errors[0]!.message).toContain('UTF-16');
  });

  describe('the schema input provider', () => {
    const directory = mkdtempSync(join(tmpdir(), 'schemas-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it('serves nothing outside the schema folder, so a schema cannot include another file', () => {
      const folder = join(directory, 'schemas');
      mkdirSync(folder);
      writeFileSync(join(directory, 'outside.xsd'), '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="DTE"/></xs:schema>');
      const including = (location: string): string =>
        `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="${location}"/></xs:schema>`;
      writeFileSync(join(folder, 'DTE_v10.xsd'), including('../outside.xsd'));
      writeFileSync(join(folder, 'EnvioDTE_v10.xsd'), including('http://www.sii.cl/schemas/outside.xsd'));
      expect(() => XsdSchemaValidator.load(folder)).toThrow(/outside\.xsd/);
    });
  });
});

describe('how fast', () => {
  it('compiles once, then validates a DTE and a 50-document envelope quickly', () => {
    let started = performance.now();
    const fresh = XsdSchemaValidator.load();
    const compileMs = performance.now() - started;

    const dte = fixture('dte/DTE--76399752-9--33--25568--cleaned.xml');
    const rounds = 200;
    started = performance.now();
    for (let round = 0; round < rounds; round += 1) expect(fresh.validate(dte, 'DTE').valid).toBe(true);
    const dteMs = (performance.now() - started) / rounds;

    const envelope = repeatedEnvelope(50);
    expect(fresh.validate(envelope, 'EnvioDTE')).toEqual({ valid: true, errors: [] });
    started = performance.now();
    for (let round = 0; round < 20; round += 1) fresh.validate(envelope, 'EnvioDTE');
    const envelopeMs = (performance.now() - started) / 20;
    fresh.dispose();

    console.log(
      `XSD: compile both schemas ${compileMs.toFixed(1)} ms; validate one DTE ${dteMs.toFixed(2)} ms; ` +
        `validate a 50-DTE envelope (${(envelope.length / 1024).toFixed(0)} KiB) ${envelopeMs.toFixed(1)} ms`,
    );
    expect(dteMs).toBeLessThan(20);
    expect(envelopeMs).toBeLessThan(250);
  });
});
