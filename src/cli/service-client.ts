import type { Role } from '../app/ports/index.ts';
import { loadConfig, type Environment } from '../config/load-config.ts';
import { resolveJwtSecret } from '../config/resolve-secrets.ts';
import { readServiceAddress } from '../config/service-address.ts';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { signLocalToken } from '../tokens/local-token.ts';
import type { CommandContext } from './cli-context.ts';
import { readInput } from './read-inputs.ts';

/**
 * How commands reach a running service's HTTP API (`dte ask`, `dte slack`): its URL, a bearer token,
 * and one call that turns a problem+json answer into the CLI's errors.
 */

/** The options a command takes to reach the service. */
export interface ConnectionOptions {
  url?: string;
  token?: string;
  tokenFile?: string;
}

/** Where the service is and the token to call it with. */
export interface ServiceConnection {
  url: string;
  token: string;
}

/** What a call answered: its status and its JSON body (undefined when empty or not JSON). */
export interface ServiceAnswer {
  status: number;
  body: unknown;
}

/**
 * The service's URL (`--url`, else the one the running service wrote in its DATA_DIR, else
 * http://HOST:PORT of the configuration) and a token: `--token`, the
 * first line of `--token-file`, else a local token of `role` for the demo company signed with the
 * service's own secret (local auth only, as `dte token` does), for ten minutes.
 */
export async function connectService(options: ConnectionOptions, context: CommandContext, role: Role, readEnvironment?: () => Environment): Promise<ServiceConnection> {
  const given = options.token ?? (options.tokenFile === undefined ? undefined : readInput(options.tokenFile, '--token-file').toString('utf8').split(/\r?\n/)[0]?.trim());
  if (given === '') throw new DteError('VALIDATION_FAILED', 'The token is empty.', { details: [{ pointer: options.token === undefined ? '--token-file' : '--token', message: 'The token is empty.' }] });
  const config = options.url === undefined || given === undefined ? (readEnvironment === undefined ? loadConfig() : loadConfig(readEnvironment())) : undefined;
  const url = (options.url ?? readServiceAddress(config!.dataDirectory) ?? `http://${config!.host}:${config!.port}`).replace(/\/+$/, '');
  return { url, token: given ?? await localToken(config!, role, context) };
}

/** Signs a short local token of `role` for the demo company. */
export async function localToken(config: ReturnType<typeof loadConfig>, role: Role, context: CommandContext): Promise<string> {
  if (config.auth.mode === 'jwks') throw new DteError('VALIDATION_FAILED', 'The service takes tokens from JWT_JWKS_URL: give one with --token or --token-file.');
  const secret = await resolveJwtSecret(config);
  if (secret === null) throw new DteError('INTERNAL', 'No JWT secret was resolved in local mode.');
  const { token } = await signLocalToken({
    secret: secret.value, subject: 'dte-cli', role, companies: [config.demoCompanyRut], ttlSeconds: 600, now: context.now(),
    issuer: config.auth.issuer, audience: config.auth.audience,
  });
  return token;
}

/**
 * The one rule for the service's answers: a 4xx is the caller's mistake (exit 2), except 408 and 429,
 * which say "try again later" as a 5xx or an unreachable service does (exit 1).
 */
export function callerMistake(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Calls the service. A 4xx the caller must fix (see callerMistake) becomes a user-input DteError, one
 * problem a line (exit 2); any other failure an error naming the status, title and detail (exit 1).
 */
export async function callService(connection: ServiceConnection, method: string, path: string, body?: unknown, fetcher: typeof fetch = fetch): Promise<ServiceAnswer> {
  let response: Response;
  try {
    response = await fetcher(`${connection.url}${path}`, {
      method, headers: { authorization: `Bearer ${connection.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new DteError('INTERNAL', `The service at ${connection.url} cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = safeJson(await response.text());
  if (response.ok) return { status: response.status, body: parsed };
  const problem = (parsed ?? {}) as { code?: string; title?: string; detail?: string; problems?: Problem[] };
  const detail = problem.detail ?? problem.title ?? `HTTP ${response.status}`;
  if (response.status === 404 && problem.code === 'NOT_FOUND') throw new DteError('NOT_FOUND', detail);
  if (response.status === 401 || response.status === 403) {
    // A token mistyped, expired, of another service, or without the role or company: the caller's mistake.
    const refusal = response.status === 401 ? 'the service refused the token' : 'the token may not do this';
    throw new DteError('VALIDATION_FAILED', detail, { details: [{ pointer: '--token', message: `${refusal}: ${detail}` }] });
  }
  if (callerMistake(response.status)) {
    throw new DteError('VALIDATION_FAILED', detail, { details: Array.isArray(problem.problems) && problem.problems.length > 0 ? problem.problems : [{ pointer: '', message: detail }] });
  }
  throw new DteError('INTERNAL', `${response.status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`.replace(/ $/, ''));
}

/** The JSON of a text, or undefined. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
