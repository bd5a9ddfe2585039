import { beforeAll, describe, expect, it } from 'vitest';
import { schemaProblems } from '../../src/sii-sim/envelope-reader.ts';
import { siiSchemaErrorLines } from '../../src/sii-sim/schema-error-wording.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { envelopeOf, issueDocument } from './support/documents.ts';

/** A valid envelope's text, changed by each case into one with a schema error. */
let envelope: string;

beforeAll(async () => {
  envelope = (await envelopeOf([await issueDocument(33, 50)])).toString('latin1');
});

const SII = 'http://www.sii.cl/SiiDte';

/** The DETAIL lines the simulator writes for the envelope changed by `change`. */
function linesOf(change: (text: string) => string, wording: 'live' | 'manual'): string[] {
  const changed = change(envelope);
  expect(changed).not.toBe(envelope);
  return schemaProblems(Buffer.from(changed, 'latin1'), sharedSchemaValidator(), wording);
}

const cases: Array<[string, (text: string) => string, string[]]> = [
  ['an element out of place', (text) => text.replace('<TpoDTE>', '<TipoDTE>').replace('</TpoDTE>', '</TipoDTE>'), [
    `cvc-complex-type.2.4.a: Invalid content was found starting with element 'TipoDTE'. One of '{"${SII}":TpoDTE}' is expected.`,
  ]],
  ['an element too long, whose value libxml2 does not quote', (text) => text.replace(/<GiroRecep>[^<]*<\/GiroRecep>/, `<GiroRecep>${'x'.repeat(45)}</GiroRecep>`), [
    `cvc-maxLength-valid: Value '${'x'.repeat(45)}' with length = '45' is not facet-valid with respect to maxLength '40' for type '#AnonType_GiroRecep'.`,
    `cvc-type.3.1.3: The value '${'x'.repeat(45)}' of element 'GiroRecep' is not valid.`,
  ]],
  ['a value outside the enumeration', (text) => text.replace('<TipoDTE>33</TipoDTE>', '<TipoDTE>99</TipoDTE>'), [
    "cvc-enumeration-valid: Value '99' is not facet-valid with respect to enumeration '[33, 34, 46, 52, 56, 61]'. It must be a value from the enumeration.",
    "cvc-type.3.1.3: The value '99' of element 'TipoDTE' is not valid.",
  ]],
  ['a value of the wrong type', (text) => text.replace(/<MntTotal>\d+<\/MntTotal>/, '<MntTotal>12a</MntTotal>'), [
    "cvc-datatype-valid.1.2.1: '12a' is not a valid value for 'MontoType'.",
    "cvc-type.3.1.3: The value '12a' of element 'MntTotal' is not valid.",
  ]],
  ['a value off the pattern', (text) => text.replace(/<RutEmisor>[^<]*<\/RutEmisor>/, '<RutEmisor>76192083/9</RutEmisor>'), [
    "cvc-pattern-valid: Value '76192083/9' is not facet-valid with respect to pattern '[0-9]+-([0-9]|K)' for type '#AnonType_RutEmisor'.",
    "cvc-type.3.1.3: The value '76192083/9' of element 'RutEmisor' is not valid.",
  ]],
  ['too many digits', (text) => text.replace(/<Folio>\d+<\/Folio>/, '<Folio>12345678901</Folio>'), [
    "cvc-totalDigits-valid: Value '12345678901' has 11 total digits, but the number of total digits has been limited to 10.",
    "cvc-type.3.1.3: The value '12345678901' of element 'Folio' is not valid.",
  ]],
  ['an attribute not allowed', (text) => text.replace('<Caratula version="1.0">', '<Caratula version="1.0" foo="bar">'), [
    "cvc-complex-type.3.2.2: Attribute 'foo' is not allowed to appear in element 'Caratula'.",
  ]],
  ['an attribute missing', (text) => text.replace('<Caratula version="1.0">', '<Caratula>'), [
    "cvc-complex-type.4: Attribute 'version' must appear on element 'Caratula'.",
  ]],
  ['an element where none may be', (text) => text.replace('</SetDTE>', '<Extra></Extra></SetDTE>'), [
    "cvc-complex-type.2.4.d: Invalid content was found starting with element 'Extra'. No child element is expected at this point.",
  ]],
];

describe('schema errors in the live wording (Xerces, as the SII answers today)', () => {
  it.each(cases)('%s', (_name, change, expected) => {
    expect(linesOf(change, 'live')).toEqual(expected);
  });

  it('words a fixed attribute value and a missing last child the Xerces way', () => {
    expect(linesOf((text) => text.replace('<Caratula version="1.0">', '<Caratula version="3.2">'), 'live')).toEqual([
      "cvc-attribute.4: The value '3.2' of attribute 'version' on element 'Caratula' is not valid with respect to its fixed {value constraint}. The attribute must have a value of '1.0'.",
    ]);
    expect(linesOf((text) => text.replace(/<SubTotDTE>[\s\S]*?<\/SubTotDTE>\n?/, ''), 'live')).toEqual([
      `cvc-complex-type.2.4.b: The content of element 'Caratula' is not complete. One of '{"${SII}":SubTotDTE}' is expected.`,
    ]);
  });

  it('carries no libxml2 wording and no line number', () => {
    for (const [, change] of cases) {
      for (const line of linesOf(change, 'live')) {
        expect(line).toMatch(/^cvc-[a-zA-Z.0-9-]+: /);
        expect(line).not.toMatch(/^line \d+|\{http:|\[facet|This element is not expected/);
      }
    }
  });
});

describe('schema errors in the manual\'s wording (envio.pdf, figure 2.3)', () => {
  it('words the two errors the figure shows as it shows them', () => {
    expect(linesOf((text) => text.replace('<Caratula version="1.0">', '<Caratula version="3.2">'), 'manual')).toEqual([
      'LSX-00265: attribute "version" value "3.2" is wrong (must be "1.0")',
    ]);
    expect(linesOf((text) => text.replace(/<SubTotDTE>[\s\S]*?<\/SubTotDTE>\n?/, ''), 'manual')).toEqual([
      'LSX-00213: only 0 occurrences of particle "SubTotDTE", minimum is 1',
    ]);
    expect(linesOf((text) => text.replace(/<MntTotal>\d+<\/MntTotal>\n?/, ''), 'manual')).toEqual([
      'LSX-00213: only 0 occurrences of particle "choice", minimum is 1',
    ]);
  });

  it('keeps the live wording for what the figure does not show', () => {
    const [, change, expected] = cases[0]!;
    expect(linesOf(change, 'manual')).toEqual(expected);
  });
});

describe('siiSchemaErrorLines', () => {
  it('keeps a message it cannot read as it is', () => {
    expect(siiSchemaErrorLines({ line: 3, message: 'Something libxml2 says about it.' }, 'live')).toEqual(['Something libxml2 says about it.']);
    expect(siiSchemaErrorLines({ message: "Element '{urn:x}Y': Some new complaint." }, 'live')).toEqual(["Element '{urn:x}Y': Some new complaint."]);
  });
});
