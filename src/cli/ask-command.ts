import type { AgentAnswer } from '../app/ports/index.ts';
import { loadConfig, type Environment } from '../config/load-config.ts';
import { DteError, validationError } from '../core/errors.ts';
import type { CommandContext, RegisterCommand } from './cli-context.ts';
import { EXIT_FAILURE } from './exit.ts';
import { localToken, safeJson } from './service-client.ts';

interface AskOptions {
  document?: string;
  conversation?: string;
  json?: boolean;
  url?: string;
  token?: string;
}

/**
 * Makes `dte ask`: asks a running service's agent (POST /v1/agent/ask) and prints the answer, its
 * citations and actions. Without --token it signs a local viewer token for the demo company with the
 * service's own secret (as `dte token` does); without --url it asks http://HOST:PORT of the configuration.
 */
export function createAskCommand(readEnvironment?: () => Environment, fetcher: typeof fetch = fetch): RegisterCommand {
  return (program, context) => {
    program
      .command('ask')
      .description('ask the agent of a running service about a document, an SII code or an invoicing rule')
      .argument('<question>', 'the question, in Spanish or English')
      .option('--document <id>', 'the document the question is about')
      .option('--conversation <id>', 'continue a conversation (the conversationId of an earlier answer)')
      .option('--json', 'print the whole answer as JSON')
      .option('--url <url>', 'the service\'s URL (default: http://HOST:PORT of the configuration)')
      .option('--token <token>', 'a bearer token (default: a local viewer token for the demo company)')
      .action(async (question: string, options: AskOptions) => runAsk(question, options, context, readEnvironment, fetcher));
  };
}

/** Registers `dte ask`. */
export const registerAskCommand: RegisterCommand = (program, context) => createAskCommand()(program, context);

async function runAsk(question: string, options: AskOptions, context: CommandContext, readEnvironment: (() => Environment) | undefined, fetcher: typeof fetch): Promise<void> {
  if (question.trim() === '') throw validationError([{ pointer: 'question', message: 'Give a question: dte ask "¿por qué rechazaron la factura 12?"' }]);
  const needsConfig = options.url === undefined || options.token === undefined;
  const config = needsConfig ? (readEnvironment === undefined ? loadConfig() : loadConfig(readEnvironment())) : undefined;
  const url = (options.url ?? `http://${config!.host}:${config!.port}`).replace(/\/+$/, '');
  const token = options.token ?? await localToken(config!, 'viewer', context);
  const body = { question, ...(options.document ? { documentId: options.document } : {}), ...(options.conversation ? { conversationId: options.conversation } : {}) };
  let response: Response;
  try {
    response = await fetcher(`${url}/v1/agent/ask`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (error) {
    throw new DteError('INTERNAL', `The service at ${url} cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const problem = safeJson(text) as { title?: string; detail?: string } | undefined;
    context.io.err(`error: ${response.status} ${problem?.title ?? ''}${problem?.detail ? `: ${problem.detail}` : ''}\n`);
    context.setExitCode(EXIT_FAILURE);
    return;
  }
  const answer = safeJson(text) as AgentAnswer;
  if (options.json) {
    context.io.out(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  context.io.out(`${answer.answer}\n`);
  if (answer.citations.length > 0) {
    context.io.out('\nCitations:\n');
    for (const citation of answer.citations) context.io.out(`  [${citation.kind}] ${citation.id}: ${citation.title}${citation.source ? ` (${citation.source})` : ''}\n`);
  }
  if (answer.actions.length > 0) {
    context.io.out('\nActions (need your approval):\n');
    for (const action of answer.actions) context.io.out(`  ${action.kind}: ${action.label}${action.documentId ? ` (${action.documentId})` : ''}\n`);
  }
  context.io.err(`mode ${answer.mode}, conversation ${answer.conversationId}, ${answer.usage.steps} steps, ${answer.usage.latencyMs} ms\n`);
}
