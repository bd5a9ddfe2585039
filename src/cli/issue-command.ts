import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createIssuer } from '../core/issue-document.ts';
import { validationError } from '../core/errors.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';
import { writeBytes, type CommandContext } from './cli-context.ts';
import { readCaf, readCertificate, readJson, readTrustedCafSigners, readWholeNumber } from './read-inputs.ts';

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
    .description('issue a signed DTE from a request JSON (types 33, 34, 52, 56, 61)')
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
  const input = readJson(requestPath, requestPath);
  const certificate = readCertificate(options);
  const caf = readCaf(options.caf);
  const issuer = createIssuer({
    certificate,
    caf,
    trustedCafSigners: readTrustedCafSigners(options.siiCert),
    schemaValidator: sharedSchemaValidator(),
  });
  const folio = readWholeNumber(options.folio, '--folio') ?? requestFolio(input) ?? caf.D;
  if (options.folio === undefined && requestFolio(input) === undefined) {
    context.io.err(`note: no --folio given, using the CAF's first folio ${caf.D}; the CLI does not remember used folios.\n`);
  }
  const result = issuer.issue(input, { folio, signedAt: context.now() });
  if (!result.ok) throw validationError(result.problems, `${requestPath} cannot be issued.`);
  if (options.out === undefined) {
    writeBytes(context, result.value.xml);
    return;
  }
  writeFileSync(options.out, result.value.xml);
  const { TipoDTE, Folio, Totales } = result.value;
  context.io.err(`wrote ${options.out}: DTE ${TipoDTE} folio ${Folio}, MntTotal ${Totales.MntTotal}\n`);
}

function requestFolio(input: unknown): number | undefined {
  const folio = (input as { Encabezado?: { IdDoc?: { Folio?: unknown } } } | null)?.Encabezado?.IdDoc?.Folio;
  return typeof folio === 'number' ? folio : undefined;
}
