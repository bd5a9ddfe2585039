import { Option } from 'commander';
import type { Role } from '../app/ports/services.ts';
import { loadConfig, type Environment } from '../config/load-config.ts';
import { resolveJwtSecret } from '../config/resolve-secrets.ts';
import { DteError, validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import { signLocalToken } from '../tokens/local-token.ts';
import { MAXIMUM_ACTOR_COMPANIES, ROLES } from '../app/ports/index.ts';
import type { CommandContext, RegisterCommand } from './cli-context.ts';

/** The longest a local token may last: a year. */
export const MAXIMUM_TTL_SECONDS = 366 * 24 * 3600;

const SECONDS_OF_UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

interface TokenOptions {
  company?: string[];
  role: Role;
  ttl: string;
  subject: string;
}

/**
 * Makes the `dte token` command reading the configuration from `readEnvironment` when it runs (the
 * process's environment by default), so tests give it their own JWT_SECRET and DATA_DIR.
 */
export function createTokenCommand(readEnvironment?: () => Environment): RegisterCommand {
  return (program, context) => {
    program
      .command('token')
      .description('print a local token (HS256, signed with the service\'s JWT_SECRET or DATA_DIR/jwt-secret) for the HTTP API')
      .addOption(new Option('--company <rut>', 'a company the token may touch; repeat for several').argParser(collect).makeOptionMandatory())
      .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
      .option('--ttl <duration>', 'how long it lasts: 90s, 30m, 1h, 7d', '1h')
      .option('--subject <name>', 'who the token is for (audit log and rate limits)', 'dte-cli')
      .action(async (options: TokenOptions) => runToken(options, context, readEnvironment));
  };
}

/**
 * Registers `dte token`: prints a token for the HTTP API on stdout (alone, so that
 * `TOKEN=$(dte token …)` works) and what it grants on stderr. It reads the same configuration as the
 * service, so it signs with the same secret.
 */
export const registerTokenCommand: RegisterCommand = (program, context) => createTokenCommand()(program, context);

async function runToken(options: TokenOptions, context: CommandContext, readEnvironment?: () => Environment): Promise<void> {
  const companies = readCompanies(options.company ?? []);
  const ttlSeconds = readTtl(options.ttl);
  const config = readEnvironment === undefined ? loadConfig() : loadConfig(readEnvironment());
  if (config.auth.mode === 'jwks') {
    throw new DteError('VALIDATION_FAILED', 'The service takes tokens from the provider at JWT_JWKS_URL, not local ones: get a token from that provider.');
  }
  const secret = await resolveJwtSecret(config);
  if (secret === null) throw new DteError('INTERNAL', 'No JWT secret was resolved in local mode.');
  const { token, expiresAt } = await signLocalToken({
    secret: secret.value,
    subject: options.subject,
    role: options.role,
    companies,
    ttlSeconds,
    now: context.now(),
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
  context.io.out(`${token}\n`);
  const source = secret.source === 'environment' ? 'JWT_SECRET' : secret.source;
  context.io.err(`Token for ${options.subject}, role ${options.role}, companies ${companies.join(', ')}; `
    + `expires ${expiresAt.toISOString()}; signed with ${source}.\n`);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The companies in canonical form, every wrong one reported. */
function readCompanies(texts: string[]): string[] {
  const problems: Problem[] = [];
  const companies: string[] = [];
  for (const text of texts) {
    const rut = parseRut(text.trim());
    if (rut === undefined) problems.push({ pointer: '--company', message: `"${text}" is not a RUT with a right check digit, such as 76192083-9.` });
    else if (!companies.includes(rut.canonical)) companies.push(rut.canonical);
  }
  if (texts.length === 0) problems.push({ pointer: '--company', message: 'Give at least one company: --company 76192083-9.' });
  if (companies.length > MAXIMUM_ACTOR_COMPANIES) {
    problems.push({ pointer: '--company', message: `A token may name at most ${MAXIMUM_ACTOR_COMPANIES} companies.` });
  }
  if (problems.length > 0) throw validationError(problems, 'The options of dte token have problems.');
  return companies;
}

/** Reads `90s`, `30m`, `1h`, `7d` or a number of seconds. */
function readTtl(text: string): number {
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(text);
  const seconds = match === null ? Number.NaN : Number(match[1]) * (SECONDS_OF_UNIT[(match[2] || 's').toLowerCase()] ?? Number.NaN);
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAXIMUM_TTL_SECONDS) {
    throw validationError([{ pointer: '--ttl', message: `"${text}" is not a duration from 1s to 366d, such as 30m, 1h or 7d.` }]);
  }
  return seconds;
}
