/**
 * Finds source text that lists document states of its own instead of reading the state machine
 * (src/core/document-states.ts): two or more state names together in an array, a union type, an
 * object keyed by states, or a chain of comparisons (`state === 'a' || state === 'b'`). Naming one
 * state (`state === 'failed'`, a move to 'queued') is not a list. A list that also holds other words
 * (`'ok' | 'rejected' | 'error'`, the receiver's `accepted_with_discrepancies`) is another vocabulary.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { DOCUMENT_STATES } from '../../src/core/document-states.ts';

/** One list of states found outside the machine. */
export interface StateListing {
  file: string;
  line: number;
  states: string[];
  text: string;
}

const STATES: ReadonlySet<string> = new Set(DOCUMENT_STATES);

/** The text of a string literal (value or type), else undefined. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return node.literal.text;
  return undefined;
}

/** The states of a group of literals, when every literal of it is a state and there are two or more. */
function statesOfGroup(items: readonly ts.Node[]): string[] | undefined {
  const texts = items.map(literalText).filter((text): text is string => text !== undefined);
  if (texts.length < 2 || !texts.every((text) => STATES.has(text))) return undefined;
  const distinct = [...new Set(texts)];
  return distinct.length >= 2 ? distinct : undefined;
}

/** The state compared in `x === 'state'` (or !==, ==, !=), else undefined. */
function comparedState(node: ts.Node): string | undefined {
  const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
  if (!ts.isBinaryExpression(inner)) return undefined;
  const kind = inner.operatorToken.kind;
  const equality = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken];
  if (!equality.includes(kind)) return undefined;
  const text = literalText(inner.right) ?? literalText(inner.left);
  return text !== undefined && STATES.has(text) ? text : undefined;
}

/** The operands of a chain of one logical operator: `a || b || c` gives a, b, c. */
function chain(node: ts.Expression, operator: ts.SyntaxKind): ts.Expression[] {
  const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === operator) return [...chain(inner.left, operator), ...chain(inner.right, operator)];
  return [node];
}

/** The states a node lists, when it is one of the kinds of list this scan knows. */
function listedStates(node: ts.Node): string[] | undefined {
  if (ts.isArrayLiteralExpression(node)) return statesOfGroup(node.elements);
  if (ts.isUnionTypeNode(node)) return statesOfGroup(node.types);
  if (ts.isObjectLiteralExpression(node)) {
    const names = node.properties.map((property) => (property.name !== undefined && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : ''));
    const distinct = [...new Set(names)];
    return names.length >= 2 && names.every((name) => STATES.has(name)) && distinct.length >= 2 ? distinct : undefined;
  }
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) {
    const parent = ts.isParenthesizedExpression(node.parent) ? node.parent.parent : node.parent;
    // Only the whole chain is reported, not each of its sub-chains.
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === node.operatorToken.kind) return undefined;
    const states = [...new Set(chain(node, node.operatorToken.kind).map(comparedState).filter((state): state is string => state !== undefined))];
    return states.length >= 2 ? states : undefined;
  }
  return undefined;
}

/** The lists of states in one file's text. */
export function stateListingsIn(file: string, text: string): StateListing[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: StateListing[] = [];
  const visit = (node: ts.Node): void => {
    const states = listedStates(node);
    if (states !== undefined) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ file, line, states, text: node.getText(source).replace(/\s+/g, ' ').slice(0, 120) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every .ts file under a folder, as paths relative to `root`. */
export function sourceFiles(root: string, folder: string): string[] {
  const entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The lists of states in the files under `folders`, but for the paths `exempt` matches. */
export function stateListings(root: string, folders: readonly string[], exempt: RegExp): StateListing[] {
  return folders
    .flatMap((folder) => sourceFiles(root, folder))
    .filter((file) => !exempt.test(file))
    .flatMap((file) => stateListingsIn(file, readFileSync(join(root, file), 'utf8')));
}
