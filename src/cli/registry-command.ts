/**
 * `dte events ID [--refresh]` and `dte registry accept|receipt|claim|show`: the receiver's answers
 * (Ley 19.983) through a running service's HTTP API. Bad input exits 2 with one line per problem
 * (the service's problems included); without --token a ten-minute local token of the demo company is
 * signed with the service's own secret (viewer for reading, receiver for actions), as `dte ask` does.
 */
import { REGISTRY_TYPES } from '../core/document-kinds/index.ts';
import type { Command } from 'commander';
import type { DocumentEventsView, RegistryActionOutcome, RegistryLookup, RegistryEventView } from '../app/ports/index.ts';
import type { Environment } from '../config/load-config.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import type { CommandContext, RegisterCommand } from './cli-context.ts';
import { callService, connectService, type ConnectionOptions } from './service-client.ts';

/** The types the registry follows, in words: "33, 34 or 43". */
const REGISTRY_IN_WORDS = [...REGISTRY_TYPES].join(', ').replace(/, (?=[^,]*$)/, ' or ');

interface CommonOptions extends Omit<ConnectionOptions, 'tokenFile'> {
  json?: boolean;
}

interface DocumentOptions extends CommonOptions {
  issuer: string;
  type: string;
  folio: string;
  company?: string;
}

const CLAIMS = ['RCD', 'RFP', 'RFT'];

function connection(command: Command): Command {
  return command
    .option('--json', 'print the answer as JSON')
    .option('--url <url>', "the service's URL (default: http://HOST:PORT of the configuration)")
    .option('--token <token>', 'a bearer token (default: a ten-minute local token for the demo company, local auth only)');
}

function documentOptions(command: Command): Command {
  return connection(command
    .requiredOption('--issuer <rut>', "the supplier's RUT (RUTEmisor)")
    .requiredOption('--type <n>', `TipoDTE: ${REGISTRY_IN_WORDS}`)
    .requiredOption('--folio <n>', 'the folio')
    .option('--company <rut>', 'the company that acts, when the token names several'));
}

/** Makes `dte events` and `dte registry`. */
export function createRegistryCommands(readEnvironment?: () => Environment, fetcher: typeof fetch = fetch): RegisterCommand {
  return (program, context) => {
    connection(program.command('events').description("what the receiver did with one of our documents (Ley 19.983): status, deadline, events")
      .argument('<id>', 'the document id')
      .option('--refresh', "ask the SII's registry now"))
      .action(async (id: string, options: CommonOptions & { refresh?: boolean }) => {
        const link = await connectService(options, context, 'viewer', readEnvironment);
        const path = `/v1/documents/${encodeURIComponent(id)}/events${options.refresh ? '/refresh' : ''}`;
        const { body } = await callService(link, options.refresh ? 'POST' : 'GET', path, undefined, fetcher);
        print(context, options, body, () => formatEvents(body as DocumentEventsView));
      });
    const registry = program.command('registry').description("the company's answers to its suppliers' documents at the SII's registry (Ley 19.983)");
    const act = (name: string, description: string, action: (options: DocumentOptions & { kind?: string }) => string, extra?: (command: Command) => Command) => {
      const command = documentOptions(registry.command(name).description(description));
      (extra ? extra(command) : command).action(async (options: DocumentOptions & { kind?: string; reason?: string }) => {
        const document = readDocument(options, action(options));
        const link = await connectService(options, context, 'receiver', readEnvironment);
        const { body } = await callService(link, 'POST', '/v1/registry/actions', { ...document, action: action(options), ...(options.reason ? { reason: options.reason } : {}) }, fetcher);
        const outcome = body as RegistryActionOutcome;
        print(context, options, body, () => `${outcome.action} recorded by the SII for ${outcome.rutEmisor} type ${outcome.tipoDoc} folio ${outcome.folio}: codResp ${outcome.answer.code}, ${outcome.answer.meaning}\n`);
      });
    };
    act('accept', 'accept the content of a supplier\'s document (ACD)', () => 'ACD');
    act('receipt', 'acknowledge the goods or services of a supplier\'s document (ERM)', () => 'ERM');
    act('claim', 'claim a supplier\'s document (RCD content, RFP goods partly missing, RFT wholly missing)', (options) => (options.kind ?? 'RCD').toUpperCase(),
      (command) => command.option('--kind <code>', 'RCD, RFP or RFT', 'RCD').option('--reason <text>', 'why: kept in the audit log'));
    documentOptions(registry.command('show').description("a document's registry facts: events, whether it may be ceded, the SII's reception date"))
      .action(async (options: DocumentOptions) => {
        const document = readDocument(options);
        const link = await connectService(options, context, 'viewer', readEnvironment);
        const query = options.company ? `?company=${encodeURIComponent(options.company)}` : '';
        const { body } = await callService(link, 'GET', `/v1/registry/${encodeURIComponent(document.rutEmisor)}/${document.tipoDoc}/${document.folio}${query}`, undefined, fetcher);
        print(context, options, body, () => formatLookup(body as RegistryLookup));
      });
  };
}

/** The document options read, or exit 2 naming each one that is wrong. */
function readDocument(options: DocumentOptions, action?: string): { rutEmisor: string; tipoDoc: number; folio: number; companyRut?: string } {
  const problems: Problem[] = [];
  const tipoDoc = Number(options.type);
  const folio = Number(options.folio);
  if (!/^\d+$/.test(options.type)) problems.push({ pointer: '--type', message: `"${options.type}" is not a document type: use ${REGISTRY_IN_WORDS}.` });
  if (!/^\d{1,10}$/.test(options.folio) || folio < 1) problems.push({ pointer: '--folio', message: `"${options.folio}" is not a folio: use a whole number from 1.` });
  if (action !== undefined && !['ACD', 'ERM', ...CLAIMS].includes(action)) problems.push({ pointer: '--kind', message: `"${action}" is not a claim: use ${CLAIMS.join(', ')}.` });
  if (problems.length > 0) throw validationError(problems);
  return { rutEmisor: options.issuer, tipoDoc, folio, ...(options.company ? { companyRut: options.company } : {}) };
}

function print(context: CommandContext, options: CommonOptions, body: unknown, human: () => string): void {
  context.io.out(options.json ? `${JSON.stringify(body, null, 2)}\n` : human());
}

function eventLine(event: RegistryEventView): string {
  return `  ${event.at} ${event.code} ${event.description} (by ${event.responsibleRut})`;
}

/** The human form of a document's events. */
export function formatEvents(view: DocumentEventsView): string {
  const lines = [view.receiverStatus === null
    ? `document ${view.documentId} (type ${view.type} folio ${view.folio}): not followed by the registry (not accepted yet, or not a ${REGISTRY_IN_WORDS})`
    : `document ${view.documentId} (type ${view.type} folio ${view.folio}): ${view.receiverStatus.replaceAll('_', ' ')}; the receiver may act until ${view.deadline}`];
  lines.push(...(view.events.length === 0 ? ['  no events'] : view.events.map(eventLine)));
  return `${lines.join('\n')}\n`;
}

/** The human form of a registry lookup. */
export function formatLookup(lookup: RegistryLookup): string {
  const lines = [`${lookup.rutEmisor} type ${lookup.tipoDoc} folio ${lookup.folio}: received by the SII ${lookup.receivedAt ?? '(no date given)'}`];
  lines.push(`  cedible: ${lookup.cedible.kind}${lookup.cedible.basis ? ` (${lookup.cedible.basis})` : ''}, codResp ${lookup.cedible.answer.code} ${lookup.cedible.answer.meaning}`);
  lines.push(...(lookup.events.length === 0 ? [`  no events${lookup.eventsAnswer ? ` (codResp ${lookup.eventsAnswer.code} ${lookup.eventsAnswer.meaning})` : ''}`] : lookup.events.map(eventLine)));
  return `${lines.join('\n')}\n`;
}
