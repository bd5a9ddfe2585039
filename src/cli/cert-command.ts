/**
 * `dte cert plan SET.txt --company RUT --settings FILE [--first-folio 33=N,61=N] [--json]`: reads the
 * SII's set de pruebas and prints, in the set's order, the document request each case becomes (or why
 * this product cannot issue it). The company's data and receivers come from the settings file (its
 * "Mi SII" data, docs in README, "Certification"). Bad input exits 2 with one line per problem.
 */
import type { Command } from 'commander';
import type { PlanEntry } from '../cert/plan.ts';
import { ISSUED_TYPES } from '../core/document-kinds/index.ts';
import type { Problem } from '../core/result.ts';
import type { CommandContext } from './cli-context.ts';
import { registerCertIssue } from './cert-issue.ts';
import { loadPlan, type PlanInputOptions } from './cert-plan-input.ts';

interface PlanOptions extends PlanInputOptions {
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
  registerCertIssue(cert, context);
}

function runPlan(setPath: string, options: PlanOptions, context: CommandContext): void {
  const problems: Problem[] = [];
  const plan = loadPlan(setPath, options, problems, 'dte cert plan');
  context.io.out(options.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
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
