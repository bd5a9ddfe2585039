/**
 * Finds TipoDTE codes written in a TypeScript source: the check behind "one source for document
 * kinds" (test/architecture/one-source.test.ts). Comments are prose and may cite a code; code may
 * not: a number literal that is a document type, a string, template or regular expression that
 * names one as a word ("types 33, 34", '56', /\b(33|61)\b/).
 */
import ts from 'typescript';
import { ISSUED_TYPES, SII_DOCUMENT_TYPES } from '../../src/core/document-kinds/index.ts';

/** One place a source writes a TipoDTE code. */
export interface TipoDteLiteral {
  file: string;
  line: number;
  code: number;
  text: string;
}

/** The electronic document types: the issued kinds and every type the SII's table has names for. */
const DOCUMENT_TYPE_NUMBERS: ReadonlySet<number> = new Set([...ISSUED_TYPES, ...SII_DOCUMENT_TYPES.filter((type) => type.spoken !== undefined).map((type) => Number(type.code))]);

const WORD = new RegExp(String.raw`(?<![\w.,])(${[...DOCUMENT_TYPE_NUMBERS].join('|')})(?![\w]|[.,]\d)`, 'g');

const ANYWHERE = new RegExp(String.raw`\b(${[...DOCUMENT_TYPE_NUMBERS].join('|')})\b`);

/** The TipoDTE codes a string-like token names. */
function codesInText(text: string): number[] {
  return [...text.matchAll(WORD)].map((match) => Number(match[1]));
}

/** Every TipoDTE code written in the source's code (not its comments). */
export function findTipoDteLiterals(file: string, source: string): TipoDteLiteral[] {
  // Most files name no code at all, not even in prose: those need no parse.
  if (!ANYWHERE.test(source)) return [];
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: TipoDteLiteral[] = [];
  const report = (node: ts.Node, codes: number[]) => {
    const line = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1;
    for (const code of codes) found.push({ file, line, code, text: node.getText(tree).slice(0, 120) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNumericLiteral(node) && /^\d+$/.test(node.getText(tree)) && DOCUMENT_TYPE_NUMBERS.has(Number(node.text))) report(node, [Number(node.text)]);
    else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const codes = codesInText(node.text);
      if (codes.length > 0) report(node, codes);
    } else if (ts.isRegularExpressionLiteral(node)) {
      const codes = codesInText(node.text);
      if (codes.length > 0) report(node, codes);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}
