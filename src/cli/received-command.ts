import type { Command } from 'commander';
import type { Environment } from '../config/load-config.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import type { RegisterCommand } from './cli-context.ts';
import { callService, connectService, type ConnectionOptions, type ServiceConnection } from './service-client.ts';

interface OutputOptions extends ConnectionOptions {
  json?: boolean;
}

interface ListOptions extends OutputOptions {
  company?: string;
  state?: string;
  limit?: string;
}

interface DecideOptions extends OutputOptions {
  result: string;
  reason?: string;
  claim?: string;
  recinto?: string;
  rutFirma?: string;
}

/** What a received document looks like in the service's answers (the fields printed). */
interface DocumentLine {
  id: string;
  TipoDTE?: number;
  Folio?: number;
  RUTEmisor?: string;
  RznSoc?: string;
  MntTotal?: string;
  state: string;
  deadline?: string;
  status: { code: number; glosa: string; detail: string };
  answers?: Array<{ kind: string; state: string; recipient?: string }>;
  decision?: { result: string; reason?: string; registry: unknown[] };
}

const STATES = ['received', 'refused', 'accepted', 'accepted_with_discrepancies', 'rejected'];
const RESULTS = ['accepted', 'accepted_with_discrepancies', 'rejected'];
const CLAIMS = ['RCD', 'RFP', 'RFT'];
const ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The parts `dte received` is made of; tests give their own environment and fetch. */
interface ReceivedCommandParts {
  readEnvironment?: () => Environment;
  fetcher?: typeof fetch;
}

function line(document: DocumentLine): string {
  const deadline = document.deadline === undefined ? '' : ` plazo ${document.deadline.slice(0, 10)}`;
  return `${document.id} ${document.TipoDTE ?? '?'} folio ${document.Folio ?? '?'} de ${document.RUTEmisor ?? '?'} ${document.RznSoc ?? ''} $${document.MntTotal ?? '?'} ${document.state}${deadline}\n`;
}

function details(document: DocumentLine): string {
  const lines = [line(document).trimEnd(), `EstadoRecepDTE ${document.status.code} (${document.status.glosa}): ${document.status.detail}`];
  for (const answer of document.answers ?? []) lines.push(`  ${answer.kind}: ${answer.state}${answer.recipient === undefined ? '' : ` to ${answer.recipient}`}`);
  if (document.decision !== undefined) lines.push(`  decision: ${document.decision.result}${document.decision.reason === undefined ? '' : ` (${document.decision.reason})`}`);
  return `${lines.join('\n')}\n`;
}

function withService(command: Command): Command {
  return command
    .option('--url <url>', "the service's URL (default: http://HOST:PORT of the configuration)")
    .option('--token <token>', 'a bearer token (default: a local token for the demo company)')
    .option('--token-file <path>', 'a file whose first line is the token')
    .option('--json', 'print what the service answered as JSON');
}

function decideProblems(id: string, options: DecideOptions): Problem[] {
  const problems: Problem[] = [];
  if (!ID.test(id)) problems.push({ pointer: '<id>', message: `"${id}" is not a received document's id.` });
  if (!RESULTS.includes(options.result)) problems.push({ pointer: '--result', message: `"${options.result}" is not one of ${RESULTS.join(', ')}.` });
  if (options.result !== 'accepted' && RESULTS.includes(options.result) && (options.reason ?? '').trim() === '') problems.push({ pointer: '--reason', message: `A reason is required when the result is ${options.result}.` });
  if (options.claim !== undefined && !CLAIMS.includes(options.claim)) problems.push({ pointer: '--claim', message: `"${options.claim}" is not one of ${CLAIMS.join(', ')}.` });
  if (options.rutFirma !== undefined && options.recinto === undefined) problems.push({ pointer: '--rut-firma', message: '--rut-firma goes with --recinto.' });
  if (options.rutFirma !== undefined && parseRut(options.rutFirma) === undefined) problems.push({ pointer: '--rut-firma', message: `"${options.rutFirma}" is not a valid RUT.` });
  return problems;
}

/**
 * Makes `dte received`: the documents suppliers sent to our companies, on a running service's HTTP
 * API (`list`, `show <id>`, `decide <id> --result …`). Input is checked before anything is sent.
 */
export function createReceivedCommand(parts: ReceivedCommandParts = {}): RegisterCommand {
  return (program, context) => {
    const received = program.command('received').description('documents suppliers sent us: list, show, decide (on a running service)');
    const connect = (options: ConnectionOptions, role: 'viewer' | 'issuer') => connectService(options, context, role, parts.readEnvironment);
    const call = (connection: ServiceConnection, method: string, path: string, body?: unknown) => callService(connection, method, path, body, parts.fetcher);
    const print = (value: unknown): void => context.io.out(`${JSON.stringify(value, null, 2)}\n`);

    withService(received.command('list').description('list received documents, newest first')
      .option('--company <rut>', 'our company (required when the token has several)')
      .option('--state <state>', `only ${STATES.join(', ')}`)
      .option('--limit <n>', 'at most n documents (1 to 500)'))
      .action(async (options: ListOptions) => {
        const problems: Problem[] = [];
        if (options.company !== undefined && parseRut(options.company) === undefined) problems.push({ pointer: '--company', message: `"${options.company}" is not a valid RUT.` });
        if (options.state !== undefined && !STATES.includes(options.state)) problems.push({ pointer: '--state', message: `"${options.state}" is not one of ${STATES.join(', ')}.` });
        if (options.limit !== undefined && !/^(?:[1-9]\d{0,1}|[1-4]\d\d|500)$/.test(options.limit)) problems.push({ pointer: '--limit', message: `"${options.limit}" is not a whole number from 1 to 500.` });
        if (problems.length > 0) throw validationError(problems, 'The options of dte received list have problems.');
        const query = new URLSearchParams({
          ...(options.company === undefined ? {} : { company: options.company }), ...(options.state === undefined ? {} : { state: options.state }), ...(options.limit === undefined ? {} : { limit: options.limit }),
        });
        const { body } = await call(await connect(options, 'viewer'), 'GET', `/v1/received${query.size > 0 ? `?${query}` : ''}`);
        const items = (body as { items: DocumentLine[] }).items;
        if (options.json) return print(items);
        if (items.length === 0) context.io.out('No received document.\n');
        for (const document of items) context.io.out(line(document));
      });

    withService(received.command('show').description('one received document: checks, answers, decision, deadline').argument('<id>', "the document's id"))
      .action(async (id: string, options: OutputOptions) => {
        if (!ID.test(id)) throw validationError([{ pointer: '<id>', message: `"${id}" is not a received document's id.` }]);
        const { body } = await call(await connect(options, 'viewer'), 'GET', `/v1/received/${id}`);
        if (options.json) return print(body);
        context.io.out(details(body as DocumentLine));
      });

    withService(received.command('decide').description('accept or reject a received document (ResultadoDTE, EnvioRecibos, registry action)')
      .argument('<id>', "the document's id")
      .requiredOption('--result <result>', RESULTS.join(', '))
      .option('--reason <text>', 'why (required to reject or to accept with discrepancies)')
      .option('--claim <code>', `the registry claim when rejecting: ${CLAIMS.join(', ')} (default RCD)`)
      .option('--recinto <place>', 'also the acuse de recibo (Ley 19.983): where the goods or services were received')
      .option('--rut-firma <rut>', 'who signs the acuse de recibo (default: the certificate holder)'))
      .action(async (id: string, options: DecideOptions) => {
        const problems = decideProblems(id, options);
        if (problems.length > 0) throw validationError(problems, 'The options of dte received decide have problems.');
        const body = {
          result: options.result, ...(options.reason === undefined ? {} : { reason: options.reason }), ...(options.claim === undefined ? {} : { claim: options.claim }),
          ...(options.recinto === undefined ? {} : { receipt: { recinto: options.recinto, ...(options.rutFirma === undefined ? {} : { rutFirma: options.rutFirma }) } }),
        };
        const answer = await call(await connect(options, 'issuer'), 'POST', `/v1/received/${id}/decision`, body);
        if (options.json) return print(answer.body);
        context.io.out(`${answer.status === 200 ? 'Already decided so: ' : ''}${details(answer.body as DocumentLine)}`);
      });
  };
}

/** `dte received` as the real program registers it. */
export const registerReceivedCommand: RegisterCommand = createReceivedCommand();
