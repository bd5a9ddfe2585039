import type { SchemaError } from '../core/verify/schema-validator.ts';

/**
 * Schema errors worded as the SII words them, from the messages of libxml2 (which validates here).
 *
 * - `live`: the SII's upload gateway today runs a Java validator and answers Xerces messages, each
 *   with its `cvc-` constraint code: `cvc-complex-type.2.4.a: Invalid content was found starting with
 *   element 'TipoDTE'. One of '{"http://www.sii.cl/SiiDte":TpoDTE}' is expected.` A facet or type
 *   error is two lines, as Xerces writes it: the facet's (`cvc-maxLength-valid: …`) and the element's
 *   (`cvc-type.3.1.3: The value '…' of element 'GiroRecep' is not valid.`). Where libxml2 does not
 *   name the type, its name is written as Xerces names anonymous types, `#AnonType_<element>`.
 * - `manual`: the Oracle XDK wording of envio.pdf's figure 2.3 (manual_upload.pdf), for the two
 *   messages the figure shows: `LSX-00213: only 0 occurrences of particle "RutEnvia", minimum is 1`
 *   and `LSX-00265: attribute "version" value "3.2" is wrong (must be "1.0")`. The manual shows no
 *   other LSX message, so other errors keep the live wording.
 *
 * Neither form carries a line number, as the SII's DETAIL lines carry none. A message of libxml2 that
 * is not read here is kept as it is.
 */
export type SchemaErrorWording = 'live' | 'manual';

/** Finds the text of an element that starts on a line of the file, for messages that omit the value. */
export type ValueLookup = (line: number | undefined, element: string) => string | undefined;

interface Subject {
  /** The element's local name. */
  element: string;
  namespace: string | undefined;
  attribute: string | undefined;
  /** The value libxml2 quoted, or the one found in the file. */
  value: (given: string | undefined) => string;
}

const SUBJECT = /^Element '(?:\{([^}]*)\})?([^']+)'(?:, attribute '([^']+)')?: (.*)$/s;

/** The DETAIL lines of one libxml2 error, in the wording asked for. */
export function siiSchemaErrorLines(error: SchemaError, wording: SchemaErrorWording, lookup: ValueLookup = () => undefined): string[] {
  const match = SUBJECT.exec(error.message.trim());
  if (match === null) return [rootError(error.message) ?? error.message];
  const [, namespace, element, attribute, body] = match as unknown as [string, string | undefined, string, string | undefined, string];
  const subject: Subject = { element, namespace, attribute, value: (given) => given ?? lookup(error.line, element) ?? '' };
  if (wording === 'manual') {
    const manual = manualLine(subject, body);
    if (manual !== undefined) return [manual];
  }
  return liveLines(subject, body) ?? [error.message];
}

/** Xerces's `'{"ns":A, "ns":B}'` from libxml2's `{ns}A, {ns}B`. */
function expectedList(list: string): string {
  const names = list.split(/,\s*/).map((name) => {
    const qualified = /^\{([^}]*)\}(.+)$/.exec(name.trim());
    return qualified === null ? name.trim() : `"${qualified[1]}":${qualified[2]}`;
  });
  return `'{${names.join(', ')}}'`;
}

function liveLines(subject: Subject, body: string): string[] | undefined {
  const { element, attribute } = subject;
  let match: RegExpExecArray | null;
  if ((match = /^This element is not expected\. Expected is (?:one of )?\( (.+) \)\.$/.exec(body)) !== null) {
    return [`cvc-complex-type.2.4.a: Invalid content was found starting with element '${element}'. One of ${expectedList(match[1]!)} is expected.`];
  }
  if (/^This element is not expected\.$/.test(body)) {
    return [`cvc-complex-type.2.4.d: Invalid content was found starting with element '${element}'. No child element is expected at this point.`];
  }
  if ((match = /^Missing child element\(s\)\. Expected is (?:one of )?\( (.+) \)\.$/.exec(body)) !== null) {
    return [`cvc-complex-type.2.4.b: The content of element '${element}' is not complete. One of ${expectedList(match[1]!)} is expected.`];
  }
  if ((match = /^The attribute '([^']+)' is required but missing\.$/.exec(body)) !== null) {
    return [`cvc-complex-type.4: Attribute '${match[1]}' must appear on element '${element}'.`];
  }
  if (/^The attribute '([^']+)' is not allowed\.$/.test(body) && attribute !== undefined) {
    return [`cvc-complex-type.3.2.2: Attribute '${attribute}' is not allowed to appear in element '${element}'.`];
  }
  if ((match = /^The value '(.*)' does not match the fixed value constraint '(.*)'\.$/.exec(body)) !== null) {
    return attribute === undefined
      ? [`cvc-elt.5.2.2.2.2: The value '${match[1]}' of element '${element}' does not match the {value constraint} value '${match[2]}'.`]
      : [`cvc-attribute.4: The value '${match[1]}' of attribute '${attribute}' on element '${element}' is not valid with respect to its fixed {value constraint}. The attribute must have a value of '${match[2]}'.`];
  }
  if (/^No matching global declaration available for the validation root\.$/.test(body)) {
    return [`cvc-elt.1: Cannot find the declaration of element '${element}'.`];
  }
  if (/^Character content other than whitespace is not allowed because the content type is 'element-only'\.$/.test(body)) {
    return [`cvc-complex-type.2.3: Element '${element}' cannot have character [children], because the type's content type is element-only.`];
  }
  if (/^Element content is not allowed, because the content type is a simple type definition\.$/.test(body)) {
    return [`cvc-type.3.1.2: Element '${element}' is a simple type, so it must have no element information item [children].`];
  }
  if ((match = /^'(.*)' is not a valid value of the (?:local )?(?:atomic|list|union) type(?: '(?:\{[^}]*\})?([^']+)')?\.$/s.exec(body)) !== null) {
    const type = match[2] ?? `#AnonType_${element}`;
    return [`cvc-datatype-valid.1.2.1: '${match[1]}' is not a valid value for '${type}'.`, invalidValue(subject, match[1]!, type)];
  }
  const facet = /^\[facet '(\w+)'\] (.*)$/s.exec(body);
  if (facet !== null) {
    const line = facetLine(subject, facet[1]!, facet[2]!);
    if (line !== undefined) return [line.text, invalidValue(subject, line.value, `#AnonType_${element}`)];
  }
  return undefined;
}

/** The second line Xerces writes after a facet or type error: the element's, or the attribute's. */
function invalidValue(subject: Subject, value: string, type: string): string {
  return subject.attribute === undefined
    ? `cvc-type.3.1.3: The value '${value}' of element '${subject.element}' is not valid.`
    : `cvc-attribute.3: The value '${value}' of attribute '${subject.attribute}' on element '${subject.element}' is not valid with respect to its type, '${type}'.`;
}

function facetLine(subject: Subject, facet: string, text: string): { text: string; value: string } | undefined {
  const type = `#AnonType_${subject.element}`;
  const length = /^The value(?: '(.*)')? has a length of '(\d+)'; this (?:exceeds the allowed maximum length|underruns the allowed minimum length|differs from the allowed length) of '(\d+)'\.$/s.exec(text);
  if (length !== null && ['maxLength', 'minLength', 'length'].includes(facet)) {
    const value = subject.value(length[1]);
    return { value, text: `cvc-${facet}-valid: Value '${value}' with length = '${length[2]}' is not facet-valid with respect to ${facet} '${length[3]}' for type '${type}'.` };
  }
  let match: RegExpExecArray | null;
  if (facet === 'pattern' && (match = /^The value '(.*)' is not accepted by the pattern '(.*)'\.$/s.exec(text)) !== null) {
    return { value: match[1]!, text: `cvc-pattern-valid: Value '${match[1]}' is not facet-valid with respect to pattern '${match[2]}' for type '${type}'.` };
  }
  if (facet === 'enumeration' && (match = /^The value '(.*)' is not an element of the set \{(.*)\}\.$/s.exec(text)) !== null) {
    const set = match[2]!.split(/,\s*/).map((item) => item.replace(/^'|'$/g, '')).join(', ');
    return { value: match[1]!, text: `cvc-enumeration-valid: Value '${match[1]}' is not facet-valid with respect to enumeration '[${set}]'. It must be a value from the enumeration.` };
  }
  if (facet === 'totalDigits' && (match = /^The value '(.*)' has more digits than are allowed \('(\d+)'\)\.$/s.exec(text)) !== null) {
    const digits = match[1]!.replace(/^[+-]?0*/, '').replace(/\./, '').length;
    return { value: match[1]!, text: `cvc-totalDigits-valid: Value '${match[1]}' has ${digits} total digits, but the number of total digits has been limited to ${match[2]}.` };
  }
  if (facet === 'fractionDigits' && (match = /^The value '(.*)' has more fractional digits than are allowed \('(\d+)'\)\.$/s.exec(text)) !== null) {
    const digits = (match[1]!.split('.')[1] ?? '').length;
    return { value: match[1]!, text: `cvc-fractionDigits-valid: Value '${match[1]}' has ${digits} fraction digits, but the number of fraction digits has been limited to ${match[2]}.` };
  }
  const bounds: Record<string, RegExp> = {
    maxInclusive: /^The value '(.*)' is greater than the maximum value allowed \('(.*)'\)\.$/s,
    minInclusive: /^The value '(.*)' is less than the minimum value allowed \('(.*)'\)\.$/s,
    maxExclusive: /^The value '(.*)' must be less than '(.*)'\.$/s,
    minExclusive: /^The value '(.*)' must be greater than '(.*)'\.$/s,
  };
  const bound = bounds[facet] === undefined ? null : bounds[facet].exec(text);
  if (bound !== null) {
    return { value: bound[1]!, text: `cvc-${facet}-valid: Value '${bound[1]}' is not facet-valid with respect to ${facet} '${bound[2]}' for type '${type}'.` };
  }
  return undefined;
}

/** The two messages of the manual's figure 2.3, where they apply. */
function manualLine(subject: Subject, body: string): string | undefined {
  let match: RegExpExecArray | null;
  if (subject.attribute !== undefined && (match = /^The value '(.*)' does not match the fixed value constraint '(.*)'\.$/.exec(body)) !== null) {
    return `LSX-00265: attribute "${subject.attribute}" value "${match[1]}" is wrong (must be "${match[2]}")`;
  }
  if ((match = /^Missing child element\(s\)\. Expected is (?:one of )?\( (.+) \)\.$/.exec(body)) !== null) {
    const expected = match[1]!.split(/,\s*/).map((name) => name.replace(/^\{[^}]*\}/, ''));
    return `LSX-00213: only 0 occurrences of particle "${expected.length === 1 ? expected[0] : 'choice'}", minimum is 1`;
  }
  return undefined;
}

/** The validator's own message for a file whose root is not EnvioDTE, in Xerces's words. */
function rootError(message: string): string | undefined {
  const match = /^The root element is <([^>]+)>, not <[^>]+>\.$/.exec(message.trim());
  return match === null ? undefined : `cvc-elt.1: Cannot find the declaration of element '${match[1]}'.`;
}
