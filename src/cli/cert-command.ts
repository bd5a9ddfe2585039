/**
 * `dte cert plan SET.txt --company RUT --settings FILE [--first-folio 33=N,61=N] [--json]`: reads the
 * SII's set de pruebas and prints, in the set's order, the document request each case becomes (or why
 * this product cannot issue it). The company's data and receivers come from the settings file (its
 * "Mi SII" data, docs in README, "Certification"). Bad input exits 2 with one line per problem.
 */
import type { Command } from 'commander';
import { planSet, type PlanEntry } from '../cert/plan.ts';
import { decodeSetFile, parseSetFile } from '../cert/set-file.ts';
import { readCertSettings } from '../cert/settings.ts';
import { isIssuedType, ISSUED_TYPES } from '../core/document-kinds/index.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import type { CommandContext } from './cli-context.ts';
import { collectProblems, readInput, readJson } from './read-inputs.ts';

interface PlanOptions {
  company: string;
  settings: string;
  firstFolio?: string;
  json?: boolean;
}

/** Registers `dte cert plan`. */
export function registerCertCommand(program: Command, context: CommandContext): void {
  const cert = program.command('cert').description("the SII's certification: plan the set de pruebas");
  cert.command('plan')
    .description('print the document request of each case of a set de pruebas, in the set\'s order')
    .argument('<set>', 'the set de pruebas as the SII gives it (ISO-8859-1 text)')
    .requiredOption('--company <rut>', 'the company being certified (RUTEmisor)')
    .requiredOption('--settings <json>', "the company's data and receivers: { emisor, receptores, fchEmis? } with the request's field names")
    .option('--first-folio <list>', `first folio per type, e.g. ${ISSUED_TYPES.slice(0, 2).map((type, index) => `${type}=${index + 1}`).join(',')} (default 1 each)`)
    .option('--json', 'print [{ case, set, request | unsupported }] as JSON')
    .action((setPath: string, options: PlanOptions) => runPlan(setPath, options, context));
}

function runPlan(setPath: string, options: PlanOptions, context: CommandContext): void {
  const problems: Problem[] = [];
  const company = parseRut(options.company)?.canonical;
  if (company === undefined) problems.push({ pointer: '--company', message: `"${options.company}" is not a valid RUT.` });
  const firstFolios = readFirstFolios(options.firstFolio, problems);
  const bytes = collectProblems(problems, () => readInput(setPath, setPath));
  const settingsInput = collectProblems(problems, () => readJson(options.settings, '--settings'));
  if (problems.length > 0 || company === undefined || bytes === undefined) throw validationError(problems, 'The options of dte cert plan have problems.');
  const settings = readCertSettings(settingsInput, company);
  if (!settings.ok) throw validationError(settings.problems.map((problem) => ({ ...problem, pointer: `--settings${problem.pointer}` })), `${options.settings} cannot be used.`);
  const file = parseSetFile(decodeSetFile(bytes));
  if (!file.ok) throw validationError(file.problems, `${setPath} is not a set de pruebas this reader understands.`);
  const plan = planSet(file.value, settings.value, firstFolios);
  if (!plan.ok) throw validationError(plan.problems, `${setPath} cannot be planned.`);
  context.io.out(options.json ? `${JSON.stringify(plan.value, null, 2)}\n` : formatPlan(plan.value));
}

/** Reads `33=100,61=7`: each type one this product issues, each folio a whole number from 1. */
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

function formatPlan(entries: PlanEntry[]): string {
  const lines = entries.map((entry) => {
    if ('unsupported' in entry) return `CASO ${entry.case}  not issued: ${entry.unsupported}`;
    const { TipoDTE, Folio } = entry.request.Encabezado.IdDoc;
    const reference = entry.request.Referencia?.[1];
    return `CASO ${entry.case}  type ${TipoDTE} folio ${Folio}  ${entry.request.Detalle.length} line(s)${reference ? `  references ${reference.TpoDocRef} folio ${reference.FolioRef}` : ''}`;
  });
  const unsupported = entries.filter((entry) => 'unsupported' in entry).length;
  return `${lines.join('\n')}\n${entries.length} cases: ${entries.length - unsupported} planned, ${unsupported} not issued by this product\n`;
}
