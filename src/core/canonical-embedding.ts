/**
 * The canonical form (inclusive C14N 1.0, without comments) of a signed DTE as it stands inside an
 * EnvioDTE's SetDTE, computed from its text without parsing it, when its text is already canonical.
 *
 * A DTE this service built is written in canonical form (xml-writer.ts), so inside the set it
 * canonicalises to itself except for its start tag, where the namespace declarations that SetDTE
 * already renders with the same value (xmlns, xmlns:xsi) are left out. Checking that a text is in
 * that form is a scan of its tags and text, far cheaper than a parse and a C14N; a text that is not
 * in that form (a DTE from another tool, with empty-element tags, single quotes, comments, prefixes or
 * character references) gets `undefined`, and the caller canonicalises the whole set the general way.
 *
 * The scan accepts a strict subset of canonical XML, and refuses whatever it does not model:
 * - tags written `<Name a="v" b="w">` and `</Name>`, single spaces, no `/>`, names without prefixes;
 * - namespace declarations first (`xmlns`, then `xmlns:p` by prefix), then attributes by name, none
 *   prefixed; no declaration repeating what is already in scope (C14N would drop it), none empty;
 * - text without `>`, carriage returns, CDATA, comments or processing instructions, and only the
 *   references C14N writes: `&amp;` `&lt;` `&gt;` `&#xD;` in text, `&amp;` `&lt;` `&quot;` `&#x9;`
 *   `&#xA;` `&#xD;` in attribute values (where tabs and line breaks must be written as references).
 */

/** Namespace URIs in scope by prefix (`''` for the default namespace). */
export type NamespaceScope = ReadonlyMap<string, string>;

const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
const START_TAG = new RegExp(`<(${NAME})((?: [A-Za-z_][A-Za-z0-9_.:-]*="[^"<]*")*)>`, 'y');
const END_TAG = new RegExp(`</(${NAME})>`, 'y');
const ATTRIBUTE = /([A-Za-z_][A-Za-z0-9_.:-]*)="([^"]*)"/g;
const TEXT = /[^<]*/y;
const CANONICAL_TEXT = /^(?:[^&>\r]|&(?:amp|lt|gt|#xD);)*$/;
const CANONICAL_VALUE = /^(?:[^&<"\t\n\r]|&(?:amp|lt|quot|#x9|#xA|#xD);)*$/;
const NAMESPACE_URI = /^[^&<"\t\n\r]+$/;

interface StartTag {
  /** The tag as C14N writes it in this context. */
  text: string;
  scope: NamespaceScope;
}

/**
 * The canonical form of `dte` (a DTE's text, declaration removed) as a child of an element in whose
 * scope `context`'s namespaces are declared, or undefined when the text is not in canonical form.
 */
export function canonicalInContext(dte: string, context: NamespaceScope): string | undefined {
  const stack: Array<{ name: string; scope: NamespaceScope }> = [];
  let rootTag: StartTag | undefined;
  let rootEnd = 0;
  let position = 0;
  while (position < dte.length) {
    if (dte.charCodeAt(position) !== 0x3c) {
      if (stack.length === 0) return undefined;
      TEXT.lastIndex = position;
      const text = TEXT.exec(dte)![0];
      if (!CANONICAL_TEXT.test(text)) return undefined;
      position += text.length;
      continue;
    }
    if (dte.charCodeAt(position + 1) === 0x2f) {
      END_TAG.lastIndex = position;
      const end = END_TAG.exec(dte);
      if (end === null || stack.pop()?.name !== end[1]) return undefined;
      position = END_TAG.lastIndex;
      if (stack.length === 0) return position === dte.length && rootTag !== undefined ? rootTag.text + dte.slice(rootEnd) : undefined;
      continue;
    }
    START_TAG.lastIndex = position;
    const start = START_TAG.exec(dte);
    if (start === null) return undefined;
    const isRoot = rootTag === undefined;
    if (!isRoot && stack.length === 0) return undefined;
    const tag = readStartTag(start[1]!, start[2]!, stack.at(-1)?.scope ?? context, isRoot);
    if (tag === undefined) return undefined;
    if (isRoot) {
      rootTag = tag;
      rootEnd = START_TAG.lastIndex;
    }
    stack.push({ name: start[1]!, scope: tag.scope });
    position = START_TAG.lastIndex;
  }
  return undefined;
}

/**
 * Checks a start tag's attributes for canonical form and order. On the root, declarations equal to
 * the context's are left out of the returned tag, as C14N leaves them out; elsewhere they make the
 * text non-canonical.
 */
function readStartTag(name: string, attributes: string, parent: NamespaceScope, isRoot: boolean): StartTag | undefined {
  if (attributes === '') return { text: `<${name}>`, scope: parent };
  let scope: Map<string, string> | undefined;
  const written: string[] = [];
  let lastPrefix: string | undefined;
  let lastAttribute: string | undefined;
  for (const [whole, attribute, value] of attributes.matchAll(ATTRIBUTE)) {
    const prefix = attribute === 'xmlns' ? '' : attribute!.startsWith('xmlns:') ? attribute!.slice('xmlns:'.length) : undefined;
    if (prefix !== undefined) {
      // Declarations come before attributes, the default one first, then by prefix.
      if (lastAttribute !== undefined || (lastPrefix !== undefined && !(lastPrefix < prefix)) || !NAMESPACE_URI.test(value!)) return undefined;
      lastPrefix = prefix;
      if (parent.get(prefix) === value) {
        if (!isRoot) return undefined;
        continue;
      }
      scope ??= new Map(parent);
      scope.set(prefix, value!);
    } else {
      if (attribute!.includes(':') || (lastAttribute !== undefined && !(lastAttribute < attribute!)) || !CANONICAL_VALUE.test(value!)) return undefined;
      lastAttribute = attribute;
    }
    written.push(whole);
  }
  return { text: written.length === 0 ? `<${name}>` : `<${name} ${written.join(' ')}>`, scope: scope ?? parent };
}
