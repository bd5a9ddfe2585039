import { readFileSync } from 'node:fs';
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/core/request-schema.ts';
import { REQUEST_JSON_SCHEMA } from '../../src/http/openapi/issue-request-schema.ts';

/**
 * Holds the request schema (through the JSON Schema generated from it) against DTE_v10.xsd and
 * SiiTypes_v10.xsd: for every field we accept, its place in the XSD's order, that the XSD requires
 * nothing we leave optional (but what the service computes), and that no enumeration value, length
 * or number we accept is beyond what the XSD allows.
 */
const schemas = new URL('../../resources/schemas/', import.meta.url);
const dte = XmlDocument.fromBuffer(readFileSync(new URL('DTE_v10.xsd', schemas)));
const types = XmlDocument.fromBuffer(readFileSync(new URL('SiiTypes_v10.xsd', schemas)));
const boletas = XmlDocument.fromBuffer(readFileSync(new URL('EnvioBOLETA_v11.xsd', schemas)));
afterAll(() => {
  dte.dispose();
  types.dispose();
  boletas.dispose();
});
const XS = { xs: 'http://www.w3.org/2001/XMLSchema' };

/**
 * Fields (or values) of the Formato Boletas that the Formato DTE has not: they are held against
 * EnvioBOLETA_v11.xsd instead. validate-request.ts (boleta-request.ts) refuses them on other kinds.
 */
const BOLETA_FIELDS = ['/Encabezado/IdDoc/TipoDTE', '/Encabezado/IdDoc/IndServicio', '/Encabezado/IdDoc/IndMntNeto', '/Encabezado/Emisor/RznSocEmisor', '/Encabezado/Emisor/GiroEmisor'];
/** Fields the Formato DTE requires and boletas have not: validate-request.ts requires them per kind (boleta-request.ts). */
const REQUIRED_PER_KIND = new Set(['/Encabezado/Emisor/Acteco', '/Encabezado/Receptor/RznSocRecep']);

/** The JSON schema of our field at a pointer. */
function fieldAt(schema: JsonSchema, pointer: string): JsonSchema {
  return pointer.split('/').slice(1).reduce((node, key) => (node.properties as Record<string, JsonSchema>)[key]!, schema);
}

/** The findings of our schema against DTE_v10.xsd, and of the boleta fields against EnvioBOLETA_v11.xsd. */
function findingsOf(schema: JsonSchema): Finding[] {
  const findings: Finding[] = [];
  compare(schema, documento(), '', findings);
  const kept = findings.filter((finding) => !BOLETA_FIELDS.includes(finding.pointer) && !(REQUIRED_PER_KIND.has(finding.pointer) && finding.problem.startsWith('required by')));
  for (const pointer of BOLETA_FIELDS) {
    const name = pointer.split('/').at(-1)!;
    const element = boletas.get(`(//xs:element[@name="Documento"])[1]//xs:element[@name="${name}"]`, XS) as XmlElement;
    if (name !== 'TipoDTE') {
      compare(fieldAt(schema, pointer), element, pointer, kept);
      continue;
    }
    // TipoDTE: every code we accept is in one of the two schemas' DTEType.
    const codes = (name: string, document: XmlDocument) => document.find(`//xs:simpleType[@name="${name}"]//xs:enumeration/@value`, XS).map((node) => node.content);
    const known = [...codes('DTEType', types), ...codes('DTEType', boletas)];
    const extra = (fieldAt(schema, pointer).enum as number[]).filter((code) => !known.includes(String(code)));
    if (extra.length > 0) kept.push({ pointer, problem: `accepts ${extra.join(', ')}, in neither schema's DTEType` });
  }
  return kept;
}

/**
 * Fields the XSD requires that the caller may leave out, because the service fills them in: the
 * folio, the totals, the issue date (the signing day in Chile) and a reference's date (that of the
 * referenced document, when the service issued it; else the issuer refuses it, naming FchRef).
 */
const COMPUTED = new Set(['/Encabezado/IdDoc/Folio', '/Encabezado/Totales', '/Detalle/MontoItem', '/Encabezado/IdDoc/FchEmis', '/Referencia/FchRef']);

const elementChildren = (node: XmlElement): XmlElement[] => {
  const found: XmlElement[] = [];
  for (let child = node.firstChild; child !== null; child = child.next) if (child instanceof XmlElement) found.push(child);
  return found;
};

/** The xs:element children of an element's content model (through sequence and choice, not into other elements). */
function contentOf(element: XmlElement): XmlElement[] {
  const walk = (node: XmlElement): XmlElement[] => elementChildren(node).flatMap((child) => {
    if (child.name === 'element') return [child];
    return ['complexType', 'sequence', 'choice', 'all'].includes(child.name) ? walk(child) : [];
  });
  return walk(element);
}

/** The restriction facets of an element: its own simple type, or the named type it refers to (one level of base). */
function facetsOf(element: XmlElement): Map<string, string[]> {
  const facets = new Map<string, string[]>();
  const collect = (restriction: XmlElement | undefined) => {
    if (restriction === undefined) return;
    for (const facet of elementChildren(restriction)) {
      const value = facet.attr('value')?.value;
      if (value !== undefined && !facets.has(facet.name)) facets.set(facet.name, []);
      if (value !== undefined) facets.get(facet.name)!.push(value);
    }
    const base = restriction.attr('base')?.value;
    if (base?.startsWith('SiiDte:')) collect(restrictionOfNamed(base.slice('SiiDte:'.length)));
  };
  const inline = elementChildren(element).find((child) => child.name === 'simpleType');
  if (inline !== undefined) collect(elementChildren(inline).find((child) => child.name === 'restriction'));
  const type = element.attr('type')?.value;
  if (type?.startsWith('SiiDte:')) collect(restrictionOfNamed(type.slice('SiiDte:'.length)));
  return facets;
}

function restrictionOfNamed(name: string): XmlElement | undefined {
  const ns = { xs: 'http://www.w3.org/2001/XMLSchema' };
  const simple = (types.get(`/xs:schema/xs:simpleType[@name="${name}"]`, ns) ?? dte.get(`/xs:schema/xs:simpleType[@name="${name}"]`, ns)) as XmlElement | null;
  return simple === null ? undefined : elementChildren(simple).find((child) => child.name === 'restriction');
}

function documento(): XmlElement {
  return dte.get('(//xs:element[@name="Documento"])[1]', XS) as XmlElement;
}

interface Finding {
  pointer: string;
  problem: string;
}

/** Compares one field of ours with its XSD element, and recurses into objects and lists. */
function compare(ours: JsonSchema, xsd: XmlElement, pointer: string, findings: Finding[]): void {
  const schema = ours.type === 'array' ? (ours.items as JsonSchema) : ours;
  if (ours.type === 'array') {
    const maxOccurs = xsd.attr('maxOccurs')?.value ?? '1';
    if (maxOccurs !== 'unbounded' && Number(ours.maxItems) > Number(maxOccurs)) findings.push({ pointer, problem: `maxItems ${String(ours.maxItems)} > XSD maxOccurs ${maxOccurs}` });
  }
  if (schema.type === 'object') {
    const children = contentOf(xsd);
    const order = children.map((child) => child.attr('name')?.value);
    const properties = schema.properties as Record<string, JsonSchema>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    let last = -1;
    for (const [key, child] of Object.entries(properties)) {
      const index = order.indexOf(key);
      if (index === -1) {
        findings.push({ pointer: `${pointer}/${key}`, problem: 'not an element of the XSD here' });
        continue;
      }
      if (index < last) findings.push({ pointer: `${pointer}/${key}`, problem: `out of the XSD's order (${order.filter(Boolean).join(', ')})` });
      last = Math.max(last, index);
      const element = children[index]!;
      const xsdRequired = (element.attr('minOccurs')?.value ?? '1') !== '0';
      if (xsdRequired && !required.has(key) && !COMPUTED.has(`${pointer}/${key}`)) findings.push({ pointer: `${pointer}/${key}`, problem: 'required by the XSD, optional here' });
      compare(child, element, `${pointer}/${key}`, findings);
    }
    return;
  }
  const facets = facetsOf(xsd);
  const leaves = (schema.oneOf as JsonSchema[] | undefined) ?? [schema];
  for (const leaf of leaves) {
    const enumeration = facets.get('enumeration');
    if (enumeration && Array.isArray(leaf.enum)) {
      const extra = (leaf.enum as unknown[]).filter((value) => !enumeration.includes(String(value)));
      if (extra.length > 0) findings.push({ pointer, problem: `accepts ${extra.join(', ')}, which the XSD's enumeration (${enumeration.join(', ')}) lacks` });
    }
    const maxLength = facets.get('maxLength')?.[0];
    if (maxLength !== undefined && typeof leaf.maxLength === 'number' && leaf.maxLength > Number(maxLength)) findings.push({ pointer, problem: `maxLength ${leaf.maxLength} > XSD ${maxLength}` });
    const totalDigits = facets.get('totalDigits')?.[0];
    const maxInclusive = facets.get('maxInclusive')?.[0];
    if (typeof leaf.maximum === 'number') {
      if (totalDigits !== undefined && leaf.maximum > 10 ** Number(totalDigits) - 1) findings.push({ pointer, problem: `maximum ${leaf.maximum} has more than the XSD's ${totalDigits} digits` });
      if (maxInclusive !== undefined && leaf.maximum > Number(maxInclusive)) findings.push({ pointer, problem: `maximum ${leaf.maximum} > XSD maxInclusive ${maxInclusive}` });
    }
    const minInclusive = facets.get('minInclusive')?.[0];
    if (typeof leaf.minimum === 'number' && minInclusive !== undefined && leaf.minimum < Number(minInclusive)) findings.push({ pointer, problem: `minimum ${leaf.minimum} < XSD minInclusive ${minInclusive}` });
    const fractionDigits = facets.get('fractionDigits')?.[0];
    const decimals = typeof leaf.pattern === 'string' ? /\{1,(\d+)\}/.exec(leaf.pattern)?.[1] : undefined;
    if (fractionDigits !== undefined && decimals !== undefined && Number(decimals) > Number(fractionDigits)) findings.push({ pointer, problem: `${decimals} decimals > XSD fractionDigits ${fractionDigits}` });
  }
}

describe('the request schema against DTE_v10.xsd', () => {
  it('finds every field in the XSD, in its order, within its enumerations and limits', () => {
    expect(findingsOf(REQUEST_JSON_SCHEMA)).toEqual([]);
  });

  it('would catch a value the XSD does not allow (the walk itself is checked)', () => {
    const findings: Finding[] = [];
    const widened = structuredClone(REQUEST_JSON_SCHEMA);
    const idDoc = ((widened.properties as Record<string, JsonSchema>).Encabezado!.properties as Record<string, JsonSchema>).IdDoc!;
    (idDoc.properties as Record<string, JsonSchema>).IndServicio = { type: 'integer', enum: [1, 2, 3, 4, 5] };
    (idDoc.properties as Record<string, JsonSchema>).TermPagoGlosa = { type: 'string', maxLength: 500 };
    findings.push(...findingsOf(widened));
    expect(findings.map((finding) => finding.pointer)).toEqual(['/Encabezado/IdDoc/TermPagoGlosa', '/Encabezado/IdDoc/IndServicio']);
  });
});
