import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { PrintSettings } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { renderPdf } from '../pdf/index.ts';
import type { CommandContext } from './cli-context.ts';
import { readInput } from './read-inputs.ts';

interface PdfCommandOptions {
  out: string;
  cedible?: boolean;
  format: string;
  resolutionNumber?: string;
  resolutionDate?: string;
  siiOffice?: string;
  logo?: string;
}

/** The options of the printer's settings, as the command names them in its messages. */
const OPTION_OF_SETTING: Readonly<Record<string, string>> = { copy: '--cedible', format: '--format', logo: '--logo' };

/**
 * Registers `dte pdf`: prints a DTE (ours or one received, or every DTE of an EnvioDTE) as the PDF the
 * Manual de muestras impresas describes, with the timbre as a PDF417 of its TED.
 */
export function registerPdfCommand(program: Command, context: CommandContext): void {
  program
    .command('pdf')
    .description('print a DTE (or the DTEs of an EnvioDTE) as a PDF with its timbre')
    .argument('<dte>', 'a signed DTE or EnvioDTE file, ISO-8859-1 or UTF-8')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--cedible', 'the cedible copy, with the acuse de recibo of Ley 19.983 (facturas and guías of a sale)')
    .option('--format <format>', 'letter, or roll for 80 mm paper', 'letter')
    .option('--resolution-number <n>', "the company's SII resolution number, printed under the timbre")
    .option('--resolution-date <yyyy-mm-dd>', "the company's SII resolution date (its year is printed)")
    .option('--sii-office <name>', "the SII office of the issuer's casa matriz, under the recuadro (default: its city or commune)")
    .option('--logo <file>', "the company's logo, PNG or JPEG")
    .action((path: string, options: PdfCommandOptions) => runPdf(path, options, context));
}

async function runPdf(path: string, options: PdfCommandOptions, context: CommandContext): Promise<void> {
  const settings = settingsOf(options);
  const xml = readInput(path, '<dte>');
  let pdf: Buffer;
  try {
    pdf = await renderPdf(xml, settings);
  } catch (error) {
    throw asOptionError(error);
  }
  writeFileSync(options.out, pdf);
  if (settings.resolution === undefined) {
    context.io.err('note: without --resolution-number and --resolution-date the timbre\'s legend names no resolution ("Res. N de AAAA"), which the SII requires on printed documents.\n');
  }
  context.io.err(`wrote ${options.out}: PDF (${settings.format}${settings.copy === 'cedible' ? ', cedible copy' : ''}, ${pdf.length} bytes)\n`);
}

/** Checks the options, naming every problem at once. */
function settingsOf(options: PdfCommandOptions): PrintSettings {
  const problems: Problem[] = [];
  if (options.format !== 'letter' && options.format !== 'roll') {
    problems.push({ pointer: '--format', message: `"${options.format}" is not a format: use letter or roll.` });
  }
  const { resolutionNumber: number, resolutionDate: date } = options;
  if (number !== undefined && !/^\d+$/.test(number.trim())) problems.push({ pointer: '--resolution-number', message: `"${number}" is not a whole number.` });
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.push({ pointer: '--resolution-date', message: `"${date}" is not a date written YYYY-MM-DD.` });
  if ((number === undefined) !== (date === undefined)) {
    problems.push({ pointer: number === undefined ? '--resolution-number' : '--resolution-date', message: 'The resolution needs both --resolution-number and --resolution-date.' });
  }
  if (options.siiOffice !== undefined && options.siiOffice.trim() === '') problems.push({ pointer: '--sii-office', message: 'The SII office is empty.' });
  const logo = options.logo === undefined ? undefined : readInput(options.logo, '--logo');
  if (problems.length > 0) throw new DteError('VALIDATION_FAILED', 'The options of dte pdf have problems.', { details: problems });
  return {
    copy: options.cedible === true ? 'cedible' : 'original',
    format: options.format as PrintSettings['format'],
    ...(number === undefined || date === undefined ? {} : { resolution: { number: Number(number), date } }),
    ...(options.siiOffice === undefined ? {} : { siiOffice: options.siiOffice }),
    ...(logo === undefined ? {} : { logo }),
  };
}

/** A printer's validation error with its pointers renamed to the options the user typed. */
function asOptionError(error: unknown): unknown {
  if (!(error instanceof DteError) || error.code !== 'VALIDATION_FAILED' || error.problems.length === 0) return error;
  const problems = error.problems.map((problem) => ({ ...problem, pointer: OPTION_OF_SETTING[problem.pointer] ?? problem.pointer }));
  return new DteError('VALIDATION_FAILED', error.message, { details: problems, cause: error });
}
