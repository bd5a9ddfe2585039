/**
 * Reads the set de pruebas as the SII gives it (a text file in ISO-8859-1, columns separated by tabs):
 * its sets with their atención numbers, and each set's cases in order. A case's document kind comes
 * from the SII's table of types (document-kinds), by the name the set writes ("FACTURA ELECTRONICA").
 * A case of a kind this product does not issue is kept and marked, never dropped. A line the reader
 * cannot place is an error naming it. Source: SII, "Instructivo set de pruebas" and the two real sets
 * of 2025 (test/fixtures/cert).
 */
import { failure, success, type Problem, type Result } from '../core/result.ts';
import { readCaseBody, type CaseBody } from './case-body.ts';
import { typeOfName, type NamedType } from './type-names.ts';

export type { CaseItem, CaseReference, CaseTraslado, GlobalDiscount } from './case-body.ts';

/** One case of a set, as the file states it. */
export interface SetCase extends CaseBody {
  /** The case number, `4352553-1`. */
  id: string;
  /** The 1-based line of its `CASO` heading. */
  line: number;
  /** The document as the set names it, and the SII type that name is. */
  document: NamedType;
}

/** One set of the file: básico, factura exenta, guía de despacho, the libros, exportación... */
export interface TestSet {
  /** Its name as the heading writes it, `SET BASICO`. */
  name: string;
  /** Its número de atención. */
  attention: string;
  line: number;
  cases: SetCase[];
  /** The set's other lines (instructions, the libro de compras table), as written. */
  text: string[];
}

export interface SetFile {
  sets: TestSet[];
}

const SET_HEADING = /^(SET .+?)\s+-\s+NUMERO DE ATENCI.{1,3}N:\s*(\d+)\s*$/;
const CASE_HEADING = /^CASO\s+(\d+-\d+)\s*$/;
const UNDERLINE = /^=+$/;

/** Decodes the file's bytes (ISO-8859-1) to text. */
export function decodeSetFile(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}

/** Reads a set de pruebas; every problem names its line. */
export function parseSetFile(text: string): Result<SetFile> {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/\r$/, ''));
  const problems: Problem[] = [];
  const sets: TestSet[] = [];
  let current: TestSet | undefined;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const heading = SET_HEADING.exec(line.trim());
    const caseHeading = CASE_HEADING.exec(line.trim());
    if (heading) {
      current = { name: heading[1]!.replace(/\s+/g, ' '), attention: heading[2]!, line: index + 1, cases: [], text: [] };
      sets.push(current);
      index += 1;
    } else if (caseHeading) {
      const id = caseHeading[1]!;
      if (current === undefined || !id.startsWith(`${current.attention}-`)) {
        current = { name: 'SET', attention: id.split('-')[0]!, line: index + 1, cases: [], text: [] };
        sets.push(current);
      }
      const end = caseEnd(lines, index + 1);
      const read = readCase(id, lines, index, end, problems);
      if (read) current.cases.push(read);
      index = end;
    } else {
      if (current && line.trim() !== '') current.text.push(line);
      index += 1;
    }
  }
  if (sets.length === 0) problems.push({ pointer: 'line 1', message: 'line 1: the file has no "SET … - NUMERO DE ATENCION" heading and no "CASO" heading: it is not a set de pruebas' });
  return problems.length > 0 ? failure(problems) : success({ sets });
}

/** The index after a case's last line: the next case or set heading, or a ruler of dashes. */
function caseEnd(lines: string[], from: number): number {
  let index = from;
  while (index < lines.length) {
    const trimmed = lines[index]!.trim();
    if (CASE_HEADING.test(trimmed) || SET_HEADING.test(trimmed) || /^-{10,}$/.test(trimmed)) return index;
    index += 1;
  }
  return index;
}

function readCase(id: string, lines: string[], start: number, end: number, problems: Problem[]): SetCase | undefined {
  const body: Array<{ line: number; text: string }> = [];
  for (let index = start + 1; index < end; index += 1) {
    const text = lines[index]!;
    if (index === start + 1 && UNDERLINE.test(text.trim())) continue;
    body.push({ line: index + 1, text });
  }
  const documentLine = body.find((entry) => /^DOCUMENTO\t/.test(entry.text));
  if (documentLine === undefined) {
    problems.push({ pointer: `line ${start + 1}`, message: `line ${start + 1}: CASO ${id} has no DOCUMENTO line` });
    return undefined;
  }
  const name = documentLine.text.replace(/^DOCUMENTO\t+/, '').trim();
  const document = typeOfName(name);
  if (document === undefined) {
    problems.push({ pointer: `line ${documentLine.line}`, message: `line ${documentLine.line}: "${name}" is not a document type the SII's table names` });
    return undefined;
  }
  const rest = body.filter((entry) => entry !== documentLine);
  const read = readCaseBody(rest, document.issued !== undefined);
  problems.push(...read.problems);
  return { id, line: start + 1, document, ...read.body };
}
