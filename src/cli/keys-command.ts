import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DteError, validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import {
  checkTestCredentialsRequest,
  dateInChile,
  generateTestCredentials,
  TEST_DOCUMENT_TYPES,
  type TestCredentialsRequest,
} from '../local/generate-test-credentials.ts';
import { createDirectory, writeTestCredentials } from '../local/write-test-credentials.ts';
import type { CliContext } from './cli-context.ts';
import { checkOptionsEarly } from './option-checks.ts';

/** The RUT `dte keys` uses when none is given: the demo company of the docs. */
export const DEFAULT_KEYS_RUT = '76192083-9';

interface KeysOptions {
  out: string;
  rut: string;
  signerRut?: string;
  companyName?: string;
  types: string;
  from: string;
  to: string;
  force?: boolean;
}

/** Which option each field of the request comes from, so problems name what the user typed. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  companyRut: '--rut',
  signerRut: '--signer-rut',
  companyName: '--company-name',
  types: '--types',
  from: '--from',
  to: '--to',
};

/**
 * Registers `dte keys`: generates test credentials (a test SII authority, a company PKCS#12 and CAFs)
 * for local use and tests, writes them to `--out` and prints what it wrote. The PKCS#12 password is
 * in `company.password` (mode 0600), which `--password-file` takes, and is never printed: output is
 * copied into terminals, logs and tickets, and a habit of printing secrets outlives test credentials.
 */
export function registerKeysCommand(program: Command, context: CliContext): void {
  const command = program
    .command('keys')
    .description('generate TEST credentials (authority, company .p12, CAFs) for local use only; not valid at the SII')
    .requiredOption('--out <dir>', 'directory to write the credentials to')
    .option('--rut <rut>', 'company RUT', DEFAULT_KEYS_RUT)
    .option('--signer-rut <rut>', "signer's RUT in the certificate (default: the company RUT)")
    .option('--company-name <name>', 'company name (CAF RS)')
    .option('--types <list>', 'document types, comma-separated', TEST_DOCUMENT_TYPES.join(','))
    .option('--from <folio>', 'first folio of every CAF', '1')
    .option('--to <folio>', 'last folio of every CAF', '1000')
    .option('--force', 'replace credentials already in the directory')
    .action(async (options: KeysOptions) => runKeys(options, context));
  // A missing --out is reported with the problems of the other options.
  checkOptionsEarly(command, (options) => {
    try {
      readRequest(requestOptionsOf(options), context.now());
      return [];
    } catch (error) {
      if (error instanceof DteError) return error.problems;
      throw error;
    }
  });
}

async function runKeys(options: KeysOptions, context: CliContext): Promise<void> {
  const request = readRequest(options, context.now());
  await createDirectory(resolve(options.out));
  const credentials = await generateTestCredentials(request);
  const written = await writeTestCredentials(credentials, options.out, { overwrite: options.force === true });
  const types = credentials.cafs.map((caf) => caf.type).join(', ');
  const width = Math.max(...written.map((file) => file.path.length));
  const passwordFile = written.find((file) => basename(file.path) === 'company.password')?.path ?? join(options.out, 'company.password');
  const lines = [
    'TEST CREDENTIALS — local use only, not valid at the SII',
    `Company ${credentials.companyRut} (${credentials.companyName}), signer ${credentials.signerRut}`,
    `CAFs for types ${types}, folios ${request.from} to ${request.to}, dated ${dateInChile(request.now)}, IDK ${credentials.authority.idk}`,
    'Wrote:',
    ...written.map((file) => `  ${file.path.padEnd(width)}  ${file.description}${file.secret ? ' (mode 0600)' : ''}`),
    `Password of company.p12: in ${passwordFile} (not printed; give it to other commands with --password-file)`,
  ];
  context.io.out(`${lines.join('\n')}\n`);
}

/**
 * Turns the options into a request, reporting every problem at once: options that are not numbers
 * here, and the generator's own checks for the rest, each named by its option.
 */
/** The options the request is read from. */
type RequestOptions = Pick<KeysOptions, 'rut' | 'types' | 'from' | 'to'> & { signerRut?: string | undefined; companyName?: string | undefined };

/** The request's options as commander holds them before the required ones are checked. */
function requestOptionsOf(options: Record<string, unknown>): RequestOptions {
  const text = (key: string): string | undefined => {
    const value = options[key];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    rut: text('rut') ?? '', signerRut: text('signerRut'), companyName: text('companyName'),
    types: text('types') ?? '', from: text('from') ?? '', to: text('to') ?? '',
  };
}

function readRequest(options: RequestOptions, now: Date): TestCredentialsRequest {
  const problems: Problem[] = [];
  const whole = (option: string, text: string): number => {
    // A negative number is read, so that the generator's check says what range it must be in.
    if (/^\s*-?\d+\s*$/.test(text)) return Number(text);
    problems.push({ pointer: option, message: `"${text}" is not a whole number.` });
    return Number.NaN;
  };
  const types = options.types.split(',').map((text) => whole('--types', text));
  const request: TestCredentialsRequest = {
    companyRut: options.rut,
    signerRut: options.signerRut,
    companyName: options.companyName,
    types: types.filter((type) => !Number.isNaN(type)),
    from: whole('--from', options.from),
    to: whole('--to', options.to),
    now,
  };
  const checked = checkTestCredentialsRequest(request);
  if (!checked.ok) {
    // A field that could not be read was passed as NaN (or left out of the types), so the generator's
    // complaint about the whole field repeats the reading problem and is dropped.
    const unreadable = new Set(problems.map((problem) => problem.pointer));
    const repeated = (pointer: string): boolean => pointer.split('/').length === 2 && unreadable.has(optionOf(pointer));
    problems.push(...checked.problems
      .filter((problem) => !repeated(problem.pointer))
      .map((problem) => ({ ...problem, pointer: optionOf(problem.pointer) })));
  }
  const order = Object.values(OPTION_OF_FIELD);
  problems.sort((first, second) => order.indexOf(first.pointer) - order.indexOf(second.pointer));
  if (problems.length > 0) throw validationError(problems, 'The options of dte keys have problems.');
  return request;
}

/** `/types/2` becomes `--types`; a pointer of no known field is kept. */
function optionOf(pointer: string): string {
  const field = pointer.split('/')[1] ?? '';
  return OPTION_OF_FIELD[field] ?? pointer;
}
