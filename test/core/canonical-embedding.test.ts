import { createHash } from 'node:crypto';
import { XmlDocument } from 'libxml2-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnvelope } from '../../src/core/build-envelope.ts';
import { canonicalInContext } from '../../src/core/canonical-embedding.ts';
import type { TipoDTE } from '../../src/core/document-request.ts';
import { createIssuer } from '../../src/core/issue-document.ts';
import { testCredentials } from '../support/credentials.ts';
import { externalToolsAvailable, xmlsecVerify, xmlsecVerifyInPlace } from '../support/external-tools.ts';
import { sampleRequest } from '../support/requests.ts';
import { skipping, xmlToolsMissing } from '../support/skip-reason.ts';

const SII = 'http://www.sii.cl/SiiDte';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SET_SCOPE = new Map([['', SII], ['xsi', XSI]]);
const TYPES: TipoDTE[] = [33, 34, 52, 56, 61];
const signedAt = new Date('2026-11-20T15:30:00Z');

/** 100 signed DTEs of each type, folios 1 to 100, as the issuer writes them. */
let documents: Buffer[];

beforeAll(async () => {
  const credentials = await testCredentials();
  documents = TYPES.flatMap((type) => {
    const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(type)!, trustedCafSigners: [credentials.authority] });
    return Array.from({ length: 100 }, (_, index) => {
      const result = issuer.issue(sampleRequest(type), { folio: index + 1, signedAt });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.value.xml;
    });
  });
}, 60_000);

/** The DTE's text as an envelope embeds it: declaration removed. */
function textOf(document: Buffer): string {
  return document.toString('latin1').replace(/^<\?xml[^>]*\?>\s*/, '').trim();
}

/**
 * What libxml2's C14N of a SetDTE holding `dte` (in an EnvioDTE declaring xmlns and xmlns:xsi) writes
 * for the DTE: the canonical SetDTE without its own start and end tags.
 */
function libxml2InPlace(dte: string): string {
  const envelope = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<EnvioDTE xmlns="${SII}" xmlns:xsi="${XSI}" version="1.0"><SetDTE ID="S">${dte}</SetDTE></EnvioDTE>`;
  const parsed = XmlDocument.fromBuffer(Buffer.from(envelope, 'latin1'));
  try {
    const set = parsed.get('/sii:EnvioDTE/sii:SetDTE', { sii: SII })!.canonicalizeToString();
    const open = `<SetDTE xmlns="${SII}" xmlns:xsi="${XSI}" ID="S">`;
    if (!set.startsWith(open) || !set.endsWith('</SetDTE>')) throw new Error(`Unexpected canonical SetDTE: ${set.slice(0, 200)}`);
    return set.slice(open.length, -'</SetDTE>'.length);
  } finally {
    parsed.dispose();
  }
}

/** Replaces the first occurrence of `marker`, failing when it is absent. */
function replaced(text: string, marker: string | RegExp, replacement: string): string {
  if (typeof marker === 'string' ? !text.includes(marker) : !marker.test(text)) throw new Error(`${String(marker)} is not in the text.`);
  return text.replace(marker, replacement);
}

describe('canonicalInContext', () => {
  it("gives libxml2's C14N in place for every DTE the issuer wrote", () => {
    for (const document of [documents[0]!, documents[100]!, documents[200]!, documents[300]!, documents[400]!]) {
      const text = textOf(document);
      const canonical = canonicalInContext(text, SET_SCOPE);
      expect(canonical).toBeDefined();
      expect(canonical).toBe(libxml2InPlace(text));
      // Only the start tag changes: SetDTE renders xmlns and xmlns:xsi already.
      expect(canonical!.startsWith('<DTE version="1.0">\n<Documento ID=')).toBe(true);
    }
  });

  // Each change gives a well-formed DTE that C14N writes differently, so the scan must refuse it.
  const nonCanonical: Array<[string, (text: string) => string]> = [
    ['an empty-element tag', (text) => replaced(text, '<TasaIVA>19</TasaIVA>', '<TasaIVA>19</TasaIVA><X/>')],
    ['a comment', (text) => replaced(text, '</DTE>', '<!-- sent by hand --></DTE>')],
    ['a CDATA section', (text) => replaced(text, '<GiroRecep>', '<GiroRecep><![CDATA[x]]>')],
    ['single quotes', (text) => replaced(text, '<CAF version="1.0">', "<CAF version='1.0'>")],
    ['two spaces in a tag', (text) => replaced(text, '<CAF version=', '<CAF  version=')],
    ['a space before >', (text) => replaced(text, '<CAF version="1.0">', '<CAF version="1.0" >')],
    ['a space in an end tag', (text) => replaced(text, '</Encabezado>', '</Encabezado >')],
    ['attributes out of order', (text) => replaced(text, '<CAF version="1.0">', '<CAF version="1.0" algo="x">')],
    ['declarations out of order', (text) => replaced(text, '<Encabezado>', '<Encabezado xmlns:b="urn:b" xmlns:a="urn:a">')],
    ['a declaration after an attribute', (text) => replaced(text, '<CAF version="1.0">', '<CAF version="1.0" xmlns:a="urn:a">')],
    ['a redundant declaration inside', (text) => replaced(text, '<Encabezado>', `<Encabezado xmlns="${SII}">`)],
    ['a redundant declaration on SignedInfo', (text) => replaced(text, '<SignedInfo>', `<SignedInfo xmlns="${DSIG}">`)],
    ['a quotation mark written as a reference', (text) => replaced(text, '<GiroRecep>', '<GiroRecep>&quot;')],
    ['a character reference', (text) => replaced(text, '<GiroRecep>', '<GiroRecep>&#233;')],
    ['a literal >', (text) => replaced(text, '<GiroRecep>', '<GiroRecep>a > b ')],
    ['a carriage return', (text) => replaced(text, '<Encabezado>\n', '<Encabezado>\r\n')],
    ['a tab in an attribute value', (text) => replaced(text, '<CAF version="1.0">', '<CAF version="1.0\t">')],
  ];
  it.each(nonCanonical)('refuses a DTE with %s, which C14N would rewrite', (_name, change) => {
    const original = textOf(documents[0]!);
    const text = change(original);
    expect(canonicalInContext(text, SET_SCOPE)).toBeUndefined();
    // Made on the canonical form, the same change is not what C14N writes: the scan was right to refuse.
    expect(libxml2InPlace(text)).not.toBe(change(canonicalInContext(original, SET_SCOPE)!));
  });

  it.each([
    ['the root tag written otherwise', (text: string) => replaced(text, `<DTE xmlns="${SII}" xmlns:xsi="${XSI}" version="1.0">`, `<DTE  version="1.0" xmlns="${SII}">`)],
    ['a processing instruction', (text: string) => replaced(text, '</DTE>', '<?pi data?></DTE>')],
    ['a prefixed element', (text: string) => replaced(text, '</DTE>', `<ds:Extra xmlns:ds="${DSIG}"></ds:Extra></DTE>`)],
    ['an xml:lang attribute', (text: string) => replaced(text, '<Encabezado>', '<Encabezado xml:lang="es">')],
    ['an empty default namespace', (text: string) => replaced(text, '<Encabezado>', '<Encabezado xmlns="">')],
  ])('leaves to the general path a DTE with %s, which it does not model', (_name, change) => {
    expect(canonicalInContext(change(textOf(documents[0]!)), SET_SCOPE)).toBeUndefined();
  });

  // Canonical in their own way: the scan reads them, and must then agree with libxml2.
  const canonicalOthers: Array<[string, (text: string) => string]> = [
    ['no xmlns:xsi (signed the old way)', (text) => replaced(text, ` xmlns:xsi="${XSI}"`, '')],
    ['no namespace at all', (text) => replaced(text, `<DTE xmlns="${SII}" xmlns:xsi="${XSI}" version="1.0">`, '<DTE version="1.0">')],
    ['another namespace declared', (text) => replaced(text, ` xmlns:xsi="${XSI}"`, ` xmlns:ext="urn:example" xmlns:xsi="${XSI}"`)],
    ['xsi bound to another URI', (text) => replaced(text, ` xmlns:xsi="${XSI}"`, ' xmlns:xsi="urn:other"')],
    ['a namespace changed inside', (text) => replaced(text, '<Encabezado>', '<Encabezado xmlns="urn:inner">')],
    ['references C14N keeps', (text) => replaced(text, '<GiroRecep>', '<GiroRecep>&amp;&lt;&gt;&#xD;"\'')],
    ['an attribute value with > and references', (text) => replaced(text, '<Encabezado>', '<Encabezado note="a>b &amp; &quot;c&quot;&#x9;&#xA;">')],
  ];
  it.each(canonicalOthers)('agrees with libxml2 on a DTE with %s', (_name, change) => {
    const text = change(textOf(documents[0]!));
    const canonical = canonicalInContext(text, SET_SCOPE);
    expect(canonical).toBeDefined();
    expect(canonical).toBe(libxml2InPlace(text));
  });

  it('refuses what is not one element', () => {
    const text = textOf(documents[0]!);
    for (const broken of [`${text}\n`, `x${text}`, text.slice(0, -6), `${text}<DTE></DTE>`, text.replace('</Documento>', '</Document>')]) {
      expect(canonicalInContext(broken, SET_SCOPE)).toBeUndefined();
    }
  });
});

describe('buildEnvelope digests the SetDTE by concatenation', () => {
  it('writes, for 500 DTEs, the very envelope the libxml2 path writes, whose digest is libxml2\'s C14N of SetDTE', async () => {
    const { certificate } = await testCredentials();
    const options = { documents, certificate, FchResol: '2026-01-15', NroResol: 0, signedAt };
    const concatenated = buildEnvelope(options);
    const parsed = buildEnvelope({ ...options, canonicalization: 'parse' });
    expect(concatenated.equals(parsed)).toBe(true);
    const envelope = XmlDocument.fromBuffer(concatenated);
    try {
      const namespaces = { sii: SII, ds: DSIG };
      const canonical = envelope.get('/sii:EnvioDTE/sii:SetDTE', namespaces)!.canonicalizeToString();
      const digest = createHash('sha1').update(canonical, 'utf8').digest('base64');
      expect(envelope.get('/sii:EnvioDTE/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue', namespaces)!.content).toBe(digest);
    } finally {
      envelope.dispose();
    }
  });

  it('falls back to parsing for a DTE that is not in canonical form, and the digest still holds', async () => {
    const { certificate } = await testCredentials();
    // A comment after the Signature: the DTE's own signature still holds, but C14N drops the comment.
    const annotated = Buffer.from(replaced(documents[1]!.toString('latin1'), '</DTE>', '<!-- sent by hand -->\n</DTE>'), 'latin1');
    const options = { documents: [documents[0]!, annotated], certificate, FchResol: '2026-01-15', NroResol: 0, signedAt };
    const built = buildEnvelope(options);
    expect(built.equals(buildEnvelope({ ...options, canonicalization: 'parse' }))).toBe(true);
    expect(built.toString('latin1')).toContain('<!-- sent by hand -->');
    const envelope = XmlDocument.fromBuffer(built);
    try {
      const canonical = envelope.get('/sii:EnvioDTE/sii:SetDTE', { sii: SII })!.canonicalizeToString();
      expect(canonical).not.toContain('sent by hand');
      const digest = createHash('sha1').update(canonical, 'utf8').digest('base64');
      expect(envelope.get('/sii:EnvioDTE/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue', { sii: SII, ds: DSIG })!.content).toBe(digest);
    } finally {
      envelope.dispose();
    }
  });

  it.skipIf(skipping('the xmlsec1 check of embedded DTEs', xmlToolsMissing(externalToolsAvailable)))('is verified by xmlsec1: the envelope over 500 DTEs, and DTEs in place', async () => {
    const { certificate, raw } = await testCredentials();
    const envelope = buildEnvelope({ documents, certificate, FchResol: '2026-01-15', NroResol: 0, signedAt });
    const verified = xmlsecVerify(envelope, raw.company.certificatePem, 'SetDTE');
    expect(verified.output).toMatch(/^OK/m);
    expect(verified.status).toBe(0);
    for (const position of [1, 250, 500]) expect(xmlsecVerifyInPlace(envelope, raw.company.certificatePem, position).status, `DTE ${position}`).toBe(0);
  });
});
