import { basename } from 'node:path';
import { siiCodeCatalog } from '../composition/resources.ts';
import type { Command } from 'commander';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import { textAt } from '../core/verify/parse-xml.ts';
import { decodeXml, parseUntrustedXml } from '../core/xml-reader.ts';
import { isSiiEnvironment, SII_ENVIRONMENTS } from '../core/sii-environment.ts';
import type { SiiClientOptions, SiiGateway } from '../sii/index.ts';
import { siiBaseUrl } from '../sii/sii-environment.ts';
import type { CommandContext } from './cli-context.ts';
import { checkOptionsEarly } from './option-checks.ts';
import { collectProblems, readCertificate, readInput, readWholeNumber, type CertificateOptions } from './read-inputs.ts';

/** The options every command that talks to the SII takes. */
export interface SiiConnectionOptions extends CertificateOptions {
  env: string;
  siiUrl?: string;
  timeout: string;
  attempts: string;
}

type SubmitOptions = SiiConnectionOptions;

/** How a command talks to the SII, for its options' defaults and help. */
export interface SiiConnectionUse {
  /** --env must be given (an upload), else it defaults to local. */
  environmentRequired: boolean;
  /** The command uploads, so its --timeout has the upload's longer floor. */
  uploads: boolean;
}

/** Adds --env, --sii-url, --cert, --password, --password-file, --timeout and --attempts to a command. */
export function addSiiConnectionOptions(command: Command, { environmentRequired, uploads }: SiiConnectionUse): Command {
  const environments = SII_ENVIRONMENTS.join(', ');
  if (environmentRequired) command.requiredOption('--env <environment>', `SII environment: ${environments}`);
  else command.option('--env <environment>', `SII environment: ${environments}`, 'local');
  checkOptionsEarly(command, (options) => checkSiiConnectionValues(options as Partial<SiiConnectionOptions>));
  return command
    .option('--sii-url <url>', 'base URL of the SII instead of the environment\'s (default for local: http://127.0.0.1:8089)')
    .requiredOption('--cert <p12>', "company's PKCS#12 certificate (it logs in at the SII; its RUT is the sender)")
    .option('--password <password>', 'password of the PKCS#12')
    .option('--password-file <file>', 'file whose first line is the password (keeps it out of the process list)')
    .option('--timeout <ms>', `milliseconds to wait for each answer of the SII${uploads ? ' (the upload waits at least 120000)' : ''}`, '30000')
    .option('--attempts <n>', 'attempts in all when the SII fails or does not answer (1: no retry)', '4');
}

/**
 * The problems of --env, --sii-url, --timeout and --attempts, reading nothing: checked early with the
 * required options (option-checks.ts) and again by openSiiGateway. A missing --env (required by an
 * upload) is commander's to report.
 */
function checkSiiConnectionValues(options: Partial<SiiConnectionOptions>): Problem[] {
  const problems: Problem[] = [];
  if (options.env !== undefined && !isSiiEnvironment(options.env)) {
    problems.push({ pointer: '--env', message: `"${options.env}" is not an SII environment: use ${SII_ENVIRONMENTS.join(', ')}.` });
  }
  readWholeNumber(options.timeout, '--timeout', problems, { minimum: 1 });
  readWholeNumber(options.attempts, '--attempts', problems, { minimum: 1 });
  if (options.env !== undefined && isSiiEnvironment(options.env)) {
    try {
      siiBaseUrl(options.env, options.siiUrl);
    } catch (error) {
      if (!(error instanceof DteError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems;
}

/**
 * Reads the connection options and builds the gateway, reporting every problem with the options at
 * once (exit 2) before anything reaches the SII.
 */
export async function openSiiGateway(options: SiiConnectionOptions, extraProblems: Problem[] = []): Promise<SiiGateway> {
  const problems = [...extraProblems, ...checkSiiConnectionValues(options)];
  const timeout = readWholeNumber(options.timeout, '--timeout', [], { minimum: 1 }) ?? 1;
  const attempts = readWholeNumber(options.attempts, '--attempts', [], { minimum: 1 }) ?? 1;
  const certificate = collectProblems(problems, () => readCertificate(options));
  if (problems.length > 0 || certificate === undefined) throw new DteError('VALIDATION_FAILED', 'The options have problems.', { details: problems });
  const settings: SiiClientOptions = {
    environment: options.env as SiiClientOptions['environment'],
    baseUrl: options.siiUrl,
    certificate,
    catalog: siiCodeCatalog(),
    requestTimeoutMs: timeout,
    uploadTimeoutMs: Math.max(timeout, 120_000),
    retry: { attempts },
  };
  // Loaded here, not at start: the SOAP client (soap) costs every other command a quarter second.
  const { createSiiGateway } = await import('../sii/index.ts');
  return createSiiGateway(settings);
}

/**
 * Registers `dte submit`: uploads a signed EnvioDTE to the SII and prints the track id alone on
 * standard output. The company is the envelope's Caratula RutEmisor; the sender is the certificate's
 * owner. The track id is a receipt, not a verdict: `dte status` tells the verdict later.
 */
export function registerSubmitCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('submit')
    .description('upload a signed EnvioDTE to the SII and print its track id (not a verdict: see dte status)')
    .argument('<envelope>', 'signed EnvioDTE XML file, uploaded byte for byte');
  addSiiConnectionOptions(command, { environmentRequired: true, uploads: true })
    .action((path: string, options: SubmitOptions) => runSubmit(path, options, context));
}

async function runSubmit(path: string, options: SubmitOptions, context: CommandContext): Promise<void> {
  const envelope = readInput(path, path);
  const issuer = readEnvelopeIssuer(envelope, path);
  const gateway = await openSiiGateway(options, issuer.ok ? [] : [issuer.problem]);
  if (!issuer.ok) throw new DteError('VALIDATION_FAILED', issuer.problem.message, { details: [issuer.problem] });
  const receipt = await gateway.upload(envelope, { companyRut: issuer.rut, fileName: basename(path) });
  context.io.out(`${receipt.trackId}\n`);
  const repeated = receipt.repeated ? ' (the SII already had this same file: this is its earlier track id)' : '';
  context.io.err(`uploaded ${basename(path)} for ${receipt.companyRut}, sent by ${receipt.senderRut}: track id ${receipt.trackId}${repeated}; not a verdict yet, ask with dte status.\n`);
}

/** The Caratula's RutEmisor of an EnvioDTE, or the problem that prevents reading it. */
function readEnvelopeIssuer(bytes: Uint8Array, path: string): { ok: true; rut: string } | { ok: false; problem: Problem } {
  let document;
  try {
    document = parseUntrustedXml(decodeXml(bytes), path);
  } catch (error) {
    if (error instanceof DteError) return { ok: false, problem: { pointer: path, message: error.message } };
    throw error;
  }
  try {
    const root = document.root;
    const text = root.name === 'EnvioDTE' ? textAt(root, 'SetDTE', 'Caratula', 'RutEmisor') : undefined;
    if (text === undefined) return { ok: false, problem: { pointer: path, message: `${path} is not an EnvioDTE with a Caratula RutEmisor.` } };
    const rut = parseRut(text);
    if (rut === undefined) return { ok: false, problem: { pointer: path, message: `The Caratula RutEmisor "${text}" of ${path} is not a valid RUT.` } };
    return { ok: true, rut: rut.canonical };
  } finally {
    document.dispose();
  }
}
