import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildEnvelope, SII_RUT } from '../core/build-envelope.ts';
import { DteError } from '../core/errors.ts';
import { parseRut } from '../core/rut.ts';
import { siiDate } from '../core/sii-time.ts';
import type { CommandContext } from './cli-context.ts';
import { readCertificate, readInput, readWholeNumber } from './read-inputs.ts';

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
    .option('--resolution-number <n>', "the company's SII resolution number (NroResol; 0 in certificación)")
    .option('--resolution-date <yyyy-mm-dd>', "the company's SII resolution date (FchResol)")
    .requiredOption('--out <file>', 'where to write the envelope')
    .action((paths: string[], options: EnvelopeCommandOptions) => runEnvelope(paths, options, context));
}

function runEnvelope(paths: string[], options: EnvelopeCommandOptions, context: CommandContext): void {
  const problems = [];
  const receptor = parseRut(options.receptor);
  if (!receptor) problems.push({ pointer: '--receptor', message: `"${options.receptor}" is not a valid RUT.` });
  const resolutionDate = options.resolutionDate;
  if (resolutionDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(resolutionDate)) {
    problems.push({ pointer: '--resolution-date', message: `"${resolutionDate}" is not a date written YYYY-MM-DD.` });
  }
  if (problems.length > 0) throw new DteError('VALIDATION_FAILED', 'The options of dte envelope have problems.', { details: problems });
  const signedAt = context.now();
  if (options.resolutionNumber === undefined || resolutionDate === undefined) {
    context.io.err('note: without --resolution-number and --resolution-date the Caratula says NroResol 0 and today as FchResol; the SII rejects an envelope whose resolution is not the company\'s (CRT-3-19).\n');
  }
  const envelope = buildEnvelope({
    documents: paths.map((path) => readInput(path, path)),
    certificate: readCertificate(options),
    RutReceptor: receptor?.canonical,
    FchResol: resolutionDate ?? siiDate(signedAt),
    NroResol: readWholeNumber(options.resolutionNumber, '--resolution-number') ?? 0,
    signedAt,
  });
  writeFileSync(options.out, envelope);
  context.io.err(`wrote ${options.out}: EnvioDTE with ${paths.length} DTE${paths.length === 1 ? '' : 's'} for ${receptor?.canonical}\n`);
}
