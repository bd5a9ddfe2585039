import { basename } from 'node:path';
import type { Command } from 'commander';
import type { SigningCertificate } from '../core/certificate.ts';
import { validationError } from '../core/errors.ts';
import {
  ANSWERABLE_TYPES, buildEnvioRecibos, buildRecepcionEnvio, buildResultadoDte, checkReceivedEnvelope, envelopeReception, responseCaratula,
  type AnsweredDocument, type DocumentResult, type ReceivedDocument, type ReceivedEnvelopeCheck,
} from '../core/intercambio/index.ts';
import type { Problem, Result } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';
import type { CommandContext } from './cli-context.ts';
import { EXIT_FAILURE } from './exit.ts';
import { collectProblems, outputProblem, readCertificate, readInput, readTrustedCafSigners, readWholeNumber, writeOutput } from './read-inputs.ts';

interface RespuestaBuildOptions {
  cert: string;
  password?: string;
  passwordFile?: string;
  company?: string;
  siiCert?: string;
  id?: string;
  codEnvio?: string;
  out: string;
  result?: string;
  reason?: string;
  resultOut?: string;
  recinto?: string;
  recibosOut?: string;
}

const RESULTS: readonly DocumentResult[] = ['accepted', 'accepted_with_discrepancies', 'rejected'];
const ID_RANGE = { minimum: 1, maximum: 9_999_999_999 };

/**
 * Registers `dte respuesta build`: the receiver checks on an EnvioDTE file and the signed answers to it,
 * without a service: the RecepcionEnvio always, the ResultadoDTE with --result, the EnvioRecibos
 * (acuse de recibo, Ley 19.983) with --recinto. Exits 1 when the envelope is refused (the answer that
 * says so is still written) and 2, writing nothing, when an option is wrong.
 */
export function registerRespuestaCommand(program: Command, context: CommandContext): void {
  const respuesta = program.command('respuesta').description("answer a supplier's EnvioDTE (RespuestaDTE, EnvioRecibos)");
  respuesta
    .command('build')
    .description('check a received EnvioDTE as a receiver must and write the signed answers')
    .argument('<envio>', 'the EnvioDTE file as received')
    .requiredOption('--cert <p12>', "our company's PKCS#12 certificate, which signs the answers")
    .option('--password <password>', 'password of the PKCS#12')
    .option('--password-file <file>', 'file whose first line is the password')
    .option('--company <rut>', "our company's RUT (RutResponde); default: the Caratula's RutReceptor")
    .option('--sii-cert <pem-or-der>', "certificate trusted to sign CAFs (default: the SII's 100 and 300)")
    .option('--id <n>', 'IdRespuesta, our number for the answer (default 1; the ResultadoDTE takes the next)')
    .option('--cod-envio <n>', 'CodEnvio, our number for the envelope (default 1)')
    .requiredOption('--out <file>', 'where to write the RespuestaDTE with the RecepcionEnvio')
    .option('--result <decision>', `also a ResultadoDTE for every received document: ${RESULTS.join(', ')}`)
    .option('--reason <text>', 'why (required to reject or to accept with discrepancies)')
    .option('--result-out <file>', 'where to write the ResultadoDTE (required with --result)')
    .option('--recinto <place>', 'also an EnvioRecibos: where the goods or services were received')
    .option('--recibos-out <file>', 'where to write the EnvioRecibos (required with --recinto)')
    .action((path: string, options: RespuestaBuildOptions) => runBuild(path, options, context));
}

/** The options that must come as a pair, each named when its partner is missing. */
function pairProblems(options: RespuestaBuildOptions): Problem[] {
  const problems: Problem[] = [];
  if ((options.result === undefined) !== (options.resultOut === undefined)) problems.push({ pointer: options.result === undefined ? '--result' : '--result-out', message: '--result and --result-out go together.' });
  if ((options.recinto === undefined) !== (options.recibosOut === undefined)) problems.push({ pointer: options.recinto === undefined ? '--recinto' : '--recibos-out', message: '--recinto and --recibos-out go together.' });
  if (options.result !== undefined && !RESULTS.includes(options.result as DocumentResult)) problems.push({ pointer: '--result', message: `"${options.result}" is not one of ${RESULTS.join(', ')}.` });
  if (options.company !== undefined && parseRut(options.company) === undefined) problems.push({ pointer: '--company', message: `"${options.company}" is not a valid RUT.` });
  for (const [flag, path] of [['--out', options.out], ['--result-out', options.resultOut], ['--recibos-out', options.recibosOut]] as const) {
    const problem = path === undefined ? undefined : outputProblem(path, flag);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

function identity(document: ReceivedDocument): AnsweredDocument {
  return { TipoDTE: document.TipoDTE!, Folio: document.Folio!, FchEmis: document.FchEmis!, RUTEmisor: document.RUTEmisor!, RUTRecep: document.RUTRecep!, MntTotal: document.MntTotal! };
}

/** The answer's problems under the option that caused them, or its bytes. */
function take(result: Result<Buffer>, flag: string, problems: Problem[]): Buffer | undefined {
  if (result.ok) return result.value;
  problems.push(...result.problems.map((problem) => ({ pointer: flag, message: `${problem.pointer}: ${problem.message}` })));
  return undefined;
}

function runBuild(path: string, options: RespuestaBuildOptions, context: CommandContext): void {
  const problems = pairProblems(options);
  const id = readWholeNumber(options.id, '--id', problems, ID_RANGE) ?? 1;
  const codEnvio = readWholeNumber(options.codEnvio, '--cod-envio', problems, ID_RANGE) ?? 1;
  const bytes = collectProblems(problems, () => readInput(path, path));
  const certificate = collectProblems(problems, () => readCertificate(options));
  const trusted = collectProblems(problems, () => readTrustedCafSigners(options.siiCert));
  if (problems.length > 0 || bytes === undefined || certificate === undefined || trusted === undefined) throw validationError(problems, 'The options of dte respuesta build have problems.');
  const signedAt = context.now();
  const checkFor = (companyRuts: string[]): ReceivedEnvelopeCheck =>
    checkReceivedEnvelope(bytes, { companyRuts, schemaValidator: sharedSchemaValidator(), trustedCafCertificates: trusted });
  // Without --company we answer as the company the Caratula names, which the first check reads.
  const first = checkFor(options.company === undefined ? [] : [options.company]);
  const company = parseRut(options.company ?? first.envelope?.RutReceptor ?? '')?.canonical;
  if (company === undefined) throw validationError([{ pointer: '--company', message: 'The envelope names no RutReceptor that is a RUT: give our company with --company.' }]);
  const check = options.company === undefined ? checkFor([company]) : first;
  const outputs = buildAnswers(check, { path, company, id, codEnvio, certificate, signedAt, options }, problems);
  if (problems.length > 0) throw validationError(problems, 'The answers cannot be built.');
  for (const [file, content, flag] of outputs) writeOutput(file, content, flag);
  context.io.err(describeCheck(check, outputs.map(([file]) => file)));
  if (check.status.code !== 0) context.setExitCode(EXIT_FAILURE);
}

interface BuildContext {
  path: string;
  company: string;
  id: number;
  codEnvio: number;
  certificate: SigningCertificate;
  signedAt: Date;
  options: RespuestaBuildOptions;
}

/** The answer files to write (path, bytes, option), or the problems that stop them all. */
function buildAnswers(check: ReceivedEnvelopeCheck, build: BuildContext, problems: Problem[]): Array<[string, Buffer, string]> {
  const { options, certificate, signedAt } = build;
  const outputs: Array<[string, Buffer, string]> = [];
  const reception = buildRecepcionEnvio({
    caratula: responseCaratula(check, { RutResponde: build.company, IdRespuesta: build.id }),
    envelopes: [envelopeReception(check, { NmbEnvio: basename(build.path), FchRecep: signedAt, CodEnvio: build.codEnvio })],
    certificate,
    signedAt,
  });
  const recepcion = take(reception, '--out', problems);
  if (recepcion !== undefined) outputs.push([options.out, recepcion, '--out']);
  const taken = check.status.code === 0
    ? check.documents.filter((document) => document.status.code === 0 && document.TipoDTE !== undefined && ANSWERABLE_TYPES.has(document.TipoDTE))
    : [];
  if ((options.result !== undefined || options.recinto !== undefined) && taken.length === 0) {
    problems.push({ pointer: options.result !== undefined ? '--result' : '--recinto', message: 'No document of the envelope was received, so none can be accepted, rejected or acknowledged.' });
    return outputs;
  }
  const rutRecibe = check.envelope?.RutEmisor ?? '';
  if (options.result !== undefined && options.resultOut !== undefined) {
    const results = taken.map((document) => ({ ...identity(document), CodEnvio: build.codEnvio, result: options.result as DocumentResult, ...(options.reason === undefined ? {} : { reason: options.reason }) }));
    const resultado = take(buildResultadoDte({ caratula: { RutResponde: build.company, RutRecibe: rutRecibe, IdRespuesta: build.id + 1 }, results, certificate, signedAt }), '--result', problems);
    if (resultado !== undefined) outputs.push([options.resultOut, resultado, '--result-out']);
  }
  if (options.recinto !== undefined && options.recibosOut !== undefined) {
    const receipts = taken.map((document) => ({ ...identity(document), Recinto: options.recinto! }));
    const recibos = take(buildEnvioRecibos({ caratula: { RutResponde: build.company, RutRecibe: rutRecibe }, receipts, certificate, signedAt }), '--recinto', problems);
    if (recibos !== undefined) outputs.push([options.recibosOut, recibos, '--recibos-out']);
  }
  return outputs;
}

/** The states found, one line for the envelope and one per document, then what was written. */
function describeCheck(check: ReceivedEnvelopeCheck, written: string[]): string {
  const lines = [`EstadoRecepEnv ${check.status.code} (${check.status.glosa}): ${check.status.detail}`];
  for (const document of check.documents) {
    lines.push(`  DTE ${document.TipoDTE ?? '?'} folio ${document.Folio ?? '?'}: EstadoRecepDTE ${document.status.code} (${document.status.glosa}): ${document.status.detail}`);
  }
  lines.push(`wrote ${written.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
