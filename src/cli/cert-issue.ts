/**
 * `dte cert issue SET.txt …`: issues the plan of a set de pruebas with the company's certification
 * CAFs (one `caf-TYPE.xml` per type in --cafs, as `dte keys` writes them), then wraps each set's
 * documents, in the set's order, in one signed EnvioDTE for the SII. It writes every DTE, every
 * envelope and plan.json to --out; submitting the envelopes (`dte submit`) is left to the operator.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { PlanEntry } from '../cert/plan.ts';
import { buildEnvelope } from '../core/build-envelope.ts';
import type { DocumentRequest } from '../core/document-request.ts';
import { validationError } from '../core/errors.ts';
import { createIssuer, type Issuer } from '../core/issue-document.ts';
import type { Problem } from '../core/result.ts';
import { siiDate } from '../core/sii-time.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';
import type { CommandContext } from './cli-context.ts';
import { loadPlan, type PlanInputOptions } from './cert-plan-input.ts';
import {
  collectProblems, readCaf, readCertificate, readDate, readTrustedCafSigners, readWholeNumber, RESOLUTION_NUMBER_RANGE, writeOutput,
} from './read-inputs.ts';

interface IssueOptions extends PlanInputOptions {
  cert: string;
  password?: string;
  passwordFile?: string;
  cafs: string;
  siiCert?: string;
  resolutionNumber?: string;
  resolutionDate?: string;
  out: string;
}

/** Registers `dte cert issue` under `dte cert`. */
export function registerCertIssue(cert: Command, context: CommandContext): void {
  cert.command('issue')
    .description("issue a set de pruebas' plan and wrap each set in an EnvioDTE, written to --out")
    .argument('<set>', 'the set de pruebas as the SII gives it (ISO-8859-1 text)')
    .requiredOption('--company <rut>', 'the company being certified (RUTEmisor)')
    .requiredOption('--settings <json>', "the company's data and receivers (as for dte cert plan)")
    .option('--first-folio <list>', 'first folio per type, TYPE=N,… (default 1 each)')
    .requiredOption('--cert <p12>', "the company's PKCS#12 certificate")
    .option('--password <password>', 'password of the PKCS#12')
    .option('--password-file <file>', 'file whose first line is the password')
    .requiredOption('--cafs <dir>', 'folder with the certification CAFs, caf-TYPE.xml for each type the plan issues')
    .option('--sii-cert <pem-or-der>', "certificate that signed the CAFs (default: the SII's 100 and 300)")
    .option('--resolution-number <n>', 'NroResol of the Caratula (0 in certificación)')
    .option('--resolution-date <yyyy-mm-dd>', 'FchResol of the Caratula (the date of the certification request)')
    .requiredOption('--out <dir>', 'folder for the DTEs, the envelopes and plan.json')
    .action((setPath: string, options: IssueOptions) => runIssue(setPath, options, context));
}

function runIssue(setPath: string, options: IssueOptions, context: CommandContext): void {
  const problems: Problem[] = [];
  const certificate = collectProblems(problems, () => readCertificate(options));
  const trusted = collectProblems(problems, () => readTrustedCafSigners(options.siiCert));
  const resolutionNumber = readWholeNumber(options.resolutionNumber, '--resolution-number', problems, RESOLUTION_NUMBER_RANGE);
  const resolutionDate = readDate(options.resolutionDate, '--resolution-date', problems);
  const plan = loadPlan(setPath, options, problems, 'dte cert issue');
  const types = [...new Set(plan.flatMap((entry) => ('request' in entry ? [entry.request.Encabezado.IdDoc.TipoDTE] : [])))];
  const issuers = new Map<number, Issuer>();
  for (const type of types) {
    const caf = collectProblems(problems, () => readCaf(join(options.cafs, `caf-${type}.xml`)));
    if (caf && certificate && trusted) issuers.set(type, createIssuer({ certificate, caf, trustedCafSigners: trusted, schemaValidator: sharedSchemaValidator() }));
  }
  if (problems.length > 0 || certificate === undefined) throw validationError(problems, 'The options of dte cert issue have problems.');
  const signedAt = context.now();
  const documents = issueAll(plan, issuers, signedAt);
  mkdirSync(options.out, { recursive: true });
  writeOutput(join(options.out, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`, '--out');
  for (const [id, xml] of documents) writeOutput(join(options.out, `caso-${id}.xml`), xml, '--out');
  const sets = [...new Set(plan.map((entry) => entry.case.split('-')[0]!))];
  for (const attention of sets) {
    const inSet = plan.filter((entry) => entry.case.startsWith(`${attention}-`) && documents.has(entry.case));
    if (inSet.length === 0) continue;
    const envelope = buildEnvelope({
      documents: inSet.map((entry) => documents.get(entry.case)!), certificate,
      FchResol: resolutionDate ?? siiDate(signedAt), NroResol: resolutionNumber ?? 0, signedAt,
    });
    writeOutput(join(options.out, `envio-${attention}.xml`), envelope, '--out');
    context.io.err(`wrote envio-${attention}.xml: ${inSet.length} DTEs in the set's order\n`);
  }
  for (const entry of plan) if ('unsupported' in entry) context.io.err(`CASO ${entry.case} not issued: ${entry.unsupported}\n`);
}

/** A plan made without a date is issued on the signing day: its references take that date too. */
function dated(request: DocumentRequest, signedAt: Date): DocumentRequest {
  const day = request.Encabezado.IdDoc.FchEmis ?? siiDate(signedAt);
  return {
    ...request,
    Encabezado: { ...request.Encabezado, IdDoc: { ...request.Encabezado.IdDoc, FchEmis: day } },
    Referencia: request.Referencia?.map((reference) => ({ ...reference, FchRef: reference.FchRef ?? day })),
  };
}

/** Issues every planned case in order; the first case that cannot be issued stops the run, naming it. */
function issueAll(plan: PlanEntry[], issuers: ReadonlyMap<number, Issuer>, signedAt: Date): Map<string, Buffer> {
  const documents = new Map<string, Buffer>();
  for (const entry of plan) {
    if (!('request' in entry)) continue;
    const issuer = issuers.get(entry.request.Encabezado.IdDoc.TipoDTE)!;
    const issued = issuer.issueValidated(dated(entry.request, signedAt), { folio: entry.request.Encabezado.IdDoc.Folio!, signedAt });
    if (!issued.ok) throw validationError(issued.problems.map((problem) => ({ ...problem, pointer: `CASO ${entry.case}${problem.pointer}` })), `CASO ${entry.case} cannot be issued.`);
    documents.set(entry.case, issued.value.xml);
  }
  return documents;
}
