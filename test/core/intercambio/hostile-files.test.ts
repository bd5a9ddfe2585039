import { describe, expect, it } from 'vitest';
import { checkReceivedEnvelope, DEFAULT_MAX_ENVELOPE_BYTES } from '../../../src/core/intercambio/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { fixture } from '../verify/support/fixtures.ts';

const options = { companyRuts: ['77447842-6'], schemaValidator: sharedSchemaValidator() };
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

const XXE = latin1(`<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE EnvioDTE [<!ENTITY secreto SYSTEM "file:///etc/passwd">]>
<EnvioDTE xmlns="http://www.sii.cl/SiiDte" version="1.0"><SetDTE ID="S"><Caratula><RutEmisor>76235291-5</RutEmisor><RutReceptor>&secreto;</RutReceptor></Caratula></SetDTE></EnvioDTE>`);

const BILLION_LAUGHS = latin1(`<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<EnvioDTE>&lol4;</EnvioDTE>`);

/** Hostile and broken files, and the state each must get: all of them unreadable (91), none throwing. */
const UNREADABLE: Array<[string, () => Uint8Array, RegExp]> = [
  ['an external entity (XXE)', () => XXE, /DOCTYPE/],
  ['entity expansion (billion laughs)', () => BILLION_LAUGHS, /DOCTYPE/],
  ['a DOCTYPE written in lower case inside the file', () => latin1('<EnvioDTE><!doctype x></EnvioDTE>'), /cannot be read as XML/],
  ['100,000 levels of nesting', () => latin1(`<EnvioDTE>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</EnvioDTE>`), /Excessive depth/],
  ['a text node of 20 MB', () => Buffer.concat([latin1('<EnvioDTE>'), Buffer.alloc(20_000_000, 0x78), latin1('</EnvioDTE>')]), /Text node too long|Resource limit/],
  ['a file over the size read', () => Buffer.alloc(DEFAULT_MAX_ENVELOPE_BYTES + 1, 0x20), /files over \d+ bytes are not read/],
  ['an encoding the SII does not use', () => latin1('<?xml version="1.0" encoding="Shift_JIS"?><EnvioDTE/>'), /Shift_JIS/],
  ['UTF-16 bytes', () => Buffer.from('\uFEFF<?xml version="1.0" encoding="UTF-16"?><EnvioDTE/>', 'utf16le'), /UTF-16|not ISO-8859-1/],
  ['bytes that say UTF-8 but are not', () => Buffer.concat([latin1('<?xml version="1.0" encoding="UTF-8"?><EnvioDTE>'), Buffer.from([0xc3, 0x28, 0xff]), latin1('</EnvioDTE>')]), /cannot be read as XML/],
  ['a PDF', () => latin1('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF'), /cannot be read as XML/],
  ['an empty file', () => new Uint8Array(0), /empty/],
  ['an envelope cut short', () => fixture('envio/F000013T33.xml').subarray(0, 5000), /cannot be read as XML/],
];

describe('hostile and broken files', () => {
  it.each(UNREADABLE)('%s: Archivo Ilegible (91), with what was found, and no throw', (_name, bytes, detail) => {
    const result = checkReceivedEnvelope(bytes(), options);
    expect(result.status).toMatchObject({ code: 91, glosa: 'Envío Rechazado - Archivo Ilegible' });
    expect(result.status.detail).toMatch(detail);
    expect(result.documents).toEqual([]);
    expect(result.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the external entity is never resolved: the refusal quotes nothing of the file it names', () => {
    const result = checkReceivedEnvelope(XXE, options);
    expect(JSON.stringify(result)).not.toContain('root:x:0');
  });

  it('an unreadable file still names the issuer its text shows, as an unverified hint for addressing the refusal', () => {
    const result = checkReceivedEnvelope(fixture('envio/F000013T33.xml').subarray(0, 5000), options);
    expect(result.issuerHint).toBe('76235291-5');
    expect(result.envelope).toBeUndefined();
  });

  it('a lone DTE, or another document, where an EnvioDTE was expected: Error de Schema (1)', () => {
    const result = checkReceivedEnvelope(latin1('<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE version="1.0"><Documento ID="x"/></DTE>'), options);
    expect(result.status.code).toBe(1);
    expect(result.status.detail).toBe('The root element is <DTE>; an EnvioDTE was expected.');
  });

  it('a well-formed EnvioDTE of nonsense: Error de Schema (1) first, with its signature and receiver checked too', () => {
    const result = checkReceivedEnvelope(latin1('<EnvioDTE xmlns="http://www.sii.cl/SiiDte" version="1.0"><SetDTE ID="S"><Caratula><RutReceptor>1-9</RutReceptor></Caratula></SetDTE></EnvioDTE>'), options);
    expect(result.status.code).toBe(1);
    expect(result.checks.map((item) => [item.name, item.ok])).toEqual([['parse', true], ['schema', false], ['envelope-signature', false], ['receiver', false]]);
  });
});
