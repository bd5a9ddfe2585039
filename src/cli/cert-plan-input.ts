/**
 * What `dte cert plan` and `dte cert issue` both read: the set file, the company's settings and the
 * first folios, into a plan. Problems are gathered first, then thrown as one validation error (exit 2).
 */
import { planSet, type PlanEntry } from '../cert/plan.ts';
import { decodeSetFile, parseSetFile } from '../cert/set-file.ts';
import { readCertSettings } from '../cert/settings.ts';
import { isIssuedType, ISSUED_TYPES } from '../core/document-kinds/index.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import { collectProblems, readInput, readJson } from './read-inputs.ts';

export interface PlanInputOptions {
  company: string;
  settings: string;
  firstFolio?: string;
}

/**
 * Reads and plans a set; `problems` may already hold the caller's own, which are thrown with these.
 * Returns only when there is no problem at all.
 */
export function loadPlan(setPath: string, options: PlanInputOptions, problems: Problem[], command: string): PlanEntry[] {
  const company = parseRut(options.company)?.canonical;
  if (company === undefined) problems.push({ pointer: '--company', message: `"${options.company}" is not a valid RUT.` });
  const firstFolios = readFirstFolios(options.firstFolio, problems);
  const bytes = collectProblems(problems, () => readInput(setPath, setPath));
  const settingsInput = collectProblems(problems, () => readJson(options.settings, '--settings'));
  if (problems.length > 0 || company === undefined || bytes === undefined) throw validationError(problems, `The options of ${command} have problems.`);
  const settings = readCertSettings(settingsInput, company);
  if (!settings.ok) throw validationError(settings.problems.map((problem) => ({ ...problem, pointer: `--settings${problem.pointer}` })), `${options.settings} cannot be used.`);
  const file = parseSetFile(decodeSetFile(bytes));
  if (!file.ok) throw validationError(file.problems, `${setPath} is not a set de pruebas this reader understands.`);
  const plan = planSet(file.value, settings.value, firstFolios);
  if (!plan.ok) throw validationError(plan.problems, `${setPath} cannot be planned.`);
  return plan.value;
}

/** Reads `TYPE=FOLIO,…`: each type one this product issues, each folio a whole number from 1. */
function readFirstFolios(text: string | undefined, problems: Problem[]): Map<number, number> {
  const folios = new Map<number, number>();
  for (const pair of (text ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^(\d+)=(\d+)$/.exec(pair);
    const type = Number(match?.[1]);
    const folio = Number(match?.[2]);
    if (!match) problems.push({ pointer: '--first-folio', message: `"${pair}" is not TYPE=FOLIO` });
    else if (!isIssuedType(type)) problems.push({ pointer: '--first-folio', message: `${type} is not a type this product issues (${ISSUED_TYPES.join(', ')})` });
    else if (!Number.isSafeInteger(folio) || folio < 1) problems.push({ pointer: '--first-folio', message: `the first folio of ${type} must be a whole number from 1` });
    else folios.set(type, folio);
  }
  return folios;
}
