import type { Command } from 'commander';
import { buildEnvelope, SII_RUT } from '../core/build-envelope.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import { siiDate } from '../core/sii-time.ts';
import type { CommandContext } from './cli-context.ts';
import {
  collectProblems, outputProblem, readCertificate, readDate, readInput, readWholeNumber, RESOLUTION_NUMBER_RANGE, writeOutput,
} from './read-inputs.ts';

interface EnvelopeCommandOptions {
  cert: string;
  password?: string;
  passwordFile?: string;
  receptor: string;
  resolutionNumber?: string;
  resolutionDate?: string;
  out: string;
}

/**
 * Registers `dte envelope`: puts signed DTEs, unchanged, into an EnvioDTE with its Caratula and signs
 * the set with the company certificate.
 */
export function registerEnvelopeCommand(program: Command, context: CommandContext): void {
  program
    .command('envelope')
    .description('wrap signed DTEs into a signed EnvioDTE')
    .argument('<dte...>', 'signed DTE files, placed in the envelope byte for byte')
    .requiredOption('--cert <p12>', "signer's PKCS#12 certificate (its RUT becomes RutEnvia)")
    .option('--password <password>', 'password of the PKCS#12')
    .option('--password-file <file>', 'file whose first line is the password')
    .option('--receptor <rut>', `Caratula RutReceptor: ${SII_RUT} (the SII) or the customer's RUT`, SII_RUT)
    .option('--resolution-number <n>', "the company's SII resolution number (NroResol, 0 to 999999; 0 in certificación)")
    .option('--resolution-date <yyyy-mm-dd>', "the company's SII resolution date (FchResol)")
    .requiredOption('--out <file>', 'where to write the envelope')
    .action((paths: string[], options: EnvelopeCommandOptions) => runEnvelope(paths, options, context));
}

function runEnvelope(paths: string[], options: EnvelopeCommandOptions, context: CommandContext): void {
  // Every option and file is read before anything is built, so that one run names all of their problems.
  const problems: Problem[] = [];
  const receptor = parseRut(options.receptor);
  if (!receptor) problems.push({ pointer: '--receptor', message: `"${options.receptor}" is not a valid RUT.` });
  const resolutionNumber = readWholeNumber(options.resolutionNumber, '--resolution-number', problems, RESOLUTION_NUMBER_RANGE);
  const resolutionDate = readDate(options.resolutionDate, '--resolution-date', problems);
  const documents = paths.map((path) => collectProblems(problems, () => readInput(path, path)));
  const certificate = collectProblems(problems, () => readCertificate(options));
  const outProblem = outputProblem(options.out, '--out');
  if (outProblem !== undefined) problems.push(outProblem);
  if (problems.length > 0 || certificate === undefined) throw validationError(problems, 'The options of dte envelope have problems.');
  const signedAt = context.now();
  if (options.resolutionNumber === undefined || options.resolutionDate === undefined) {
    context.io.err('note: without --resolution-number and --resolution-date the Caratula says NroResol 0 and today as FchResol; the SII rejects an envelope whose resolution is not the company\'s (CRT-3-19).\n');
  }
  const envelope = buildEnvelope({
    documents: documents.filter((document) => document !== undefined),
    certificate,
    RutReceptor: receptor?.canonical,
    FchResol: resolutionDate ?? siiDate(signedAt),
    NroResol: resolutionNumber ?? 0,
    signedAt,
  });
  writeOutput(options.out, envelope, '--out');
  context.io.err(`wrote ${options.out}: EnvioDTE with ${paths.length} DTE${paths.length === 1 ? '' : 's'} for ${receptor?.canonical}\n`);
}
