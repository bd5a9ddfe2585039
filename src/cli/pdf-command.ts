import type { Command } from 'commander';
import type { PrintSettings } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import type { CommandContext } from './cli-context.ts';
import { collectProblems, outputProblem, readDate, readInput, readWholeNumber, RESOLUTION_NUMBER_RANGE, writeOutput } from './read-inputs.ts';

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
  const problems: Problem[] = [];
  const xml = collectProblems(problems, () => readInput(path, '<dte>'));
  const settings = settingsOf(options, problems);
  const outProblem = outputProblem(options.out, '--out');
  if (outProblem !== undefined) problems.push(outProblem);
  if (problems.length > 0 || xml === undefined) throw new DteError('VALIDATION_FAILED', 'The options of dte pdf have problems.', { details: problems });
  // Loaded here, not at start: pdfkit costs every other command a quarter second.
  const { renderPdf } = await import('../pdf/index.ts');
  let pdf: Buffer;
  try {
    pdf = await renderPdf(xml, settings);
  } catch (error) {
    throw asOptionError(error);
  }
  writeOutput(options.out, pdf, '--out');
  if (settings.resolution === undefined) {
    context.io.err('note: without --resolution-number and --resolution-date the timbre\'s legend names no resolution ("Res. N de AAAA"), which the SII requires on printed documents.\n');
  }
  context.io.err(`wrote ${options.out}: PDF (${settings.format}${settings.copy === 'cedible' ? ', cedible copy' : ''}, ${pdf.length} bytes)\n`);
}

/** Reads the printer's settings from the options, adding every problem to `problems`. */
function settingsOf(options: PdfCommandOptions, problems: Problem[]): PrintSettings {
  if (options.format !== 'letter' && options.format !== 'roll') {
    problems.push({ pointer: '--format', message: `"${options.format}" is not a format: use letter or roll.` });
  }
  const number = readWholeNumber(options.resolutionNumber, '--resolution-number', problems, RESOLUTION_NUMBER_RANGE);
  const date = readDate(options.resolutionDate, '--resolution-date', problems);
  if ((options.resolutionNumber === undefined) !== (options.resolutionDate === undefined)) {
    problems.push({ pointer: options.resolutionNumber === undefined ? '--resolution-number' : '--resolution-date', message: 'The resolution needs both --resolution-number and --resolution-date.' });
  }
  if (options.siiOffice !== undefined && options.siiOffice.trim() === '') problems.push({ pointer: '--sii-office', message: 'The SII office is empty.' });
  const logoPath = options.logo;
  const logo = logoPath === undefined ? undefined : collectProblems(problems, () => readInput(logoPath, '--logo'));
  return {
    copy: options.cedible === true ? 'cedible' : 'original',
    format: options.format as PrintSettings['format'],
    ...(number === undefined || date === undefined ? {} : { resolution: { number, date } }),
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
