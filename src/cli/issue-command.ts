import type { Command } from 'commander';
import { ISSUED_TYPES } from '../core/document-kinds/index.ts';
import { createIssuer } from '../core/issue-document.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';
import { writeBytes, type CommandContext } from './cli-context.ts';
import {
  collectProblems, outputProblem, readCaf, readCertificate, readJson, readTrustedCafSigners, readWholeNumber, writeOutput,
} from './read-inputs.ts';

interface IssueOptions {
  cert: string;
  password?: string;
  passwordFile?: string;
  caf: string;
  folio?: string;
  siiCert?: string;
  out?: string;
}

/**
 * Registers `dte issue`: validates a request, computes its totals, stamps the TED with the CAF's key,
 * signs the document with the company certificate, checks it against DTE_v10.xsd and writes it.
 */
export function registerIssueCommand(program: Command, context: CommandContext): void {
  program
    .command('issue')
    .description(`issue a signed DTE from a request JSON (types ${ISSUED_TYPES.join(', ')})`)
    .argument('<request>', 'request JSON file (docs/DESIGN.md, "Document request (JSON)"; examples/ has some)')
    .requiredOption('--cert <p12>', "company's PKCS#12 certificate")
    .option('--password <password>', 'password of the PKCS#12')
    .option('--password-file <file>', 'file whose first line is the password (keeps it out of the process list)')
    .requiredOption('--caf <xml>', 'CAF of the document type')
    .option('--folio <n>', "folio to use (default: the request's Folio, else the CAF's first)")
    .option('--sii-cert <pem-or-der>', "certificate that signed the CAF (default: the SII's 100 and 300)")
    .option('--out <file>', 'where to write the DTE (default: standard output)')
    .action((requestPath: string, options: IssueOptions) => runIssue(requestPath, options, context));
}

function runIssue(requestPath: string, options: IssueOptions, context: CommandContext): void {
  // Every option is read before anything is issued, so that one run names all of their problems.
  const problems: Problem[] = [];
  const input = collectProblems(problems, () => readJson(requestPath, requestPath));
  const certificate = collectProblems(problems, () => readCertificate(options));
  const caf = collectProblems(problems, () => readCaf(options.caf));
  const trustedCafSigners = collectProblems(problems, () => readTrustedCafSigners(options.siiCert));
  const givenFolio = readWholeNumber(options.folio, '--folio', problems, { minimum: 1, maximum: 9_999_999_999 });
  const outProblem = options.out === undefined ? undefined : outputProblem(options.out, '--out');
  if (outProblem !== undefined) problems.push(outProblem);
  if (problems.length > 0 || certificate === undefined || caf === undefined || trustedCafSigners === undefined) {
    throw validationError(problems, 'The options of dte issue have problems.');
  }
  const issuer = createIssuer({ certificate, caf, trustedCafSigners, schemaValidator: sharedSchemaValidator() });
  const folio = givenFolio ?? requestFolio(input) ?? caf.D;
  if (options.folio === undefined && requestFolio(input) === undefined) {
    context.io.err(`note: no --folio given, using the CAF's first folio ${caf.D}; the CLI does not remember used folios.\n`);
  }
  const result = issuer.issue(input, { folio, signedAt: context.now() });
  if (!result.ok) throw validationError(result.problems, `${requestPath} cannot be issued.`);
  if (options.out === undefined) {
    writeBytes(context, result.value.xml);
    return;
  }
  writeOutput(options.out, result.value.xml, '--out');
  const { TipoDTE, Folio, Totales } = result.value;
  context.io.err(`wrote ${options.out}: DTE ${TipoDTE} folio ${Folio}, MntTotal ${Totales.MntTotal}\n`);
}

function requestFolio(input: unknown): number | undefined {
  const folio = (input as { Encabezado?: { IdDoc?: { Folio?: unknown } } } | null)?.Encabezado?.IdDoc?.Folio;
  return typeof folio === 'number' ? folio : undefined;
}
