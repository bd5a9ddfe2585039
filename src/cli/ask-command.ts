import type { AgentAnswer } from '../app/ports/index.ts';
import type { Environment } from '../config/load-config.ts';
import { validationError } from '../core/errors.ts';
import type { CommandContext, RegisterCommand } from './cli-context.ts';
import { callService, connectService, type ConnectionOptions } from './service-client.ts';

interface AskOptions extends Omit<ConnectionOptions, 'tokenFile'> {
  document?: string;
  conversation?: string;
  json?: boolean;
}

/**
 * Makes `dte ask`: asks a running service's agent (POST /v1/agent/ask) and prints the answer, its
 * citations and actions. Without --token it signs a ten-minute local viewer token for the demo company
 * with the service's own secret (as `dte token` does; `dte slack` signs an admin one the same way);
 * without --url it asks the service whose URL is recorded in DATA_DIR, else http://HOST:PORT.
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
      .option('--url <url>', 'the service\'s URL (default: where the service of DATA_DIR listens, else http://HOST:PORT)')
      .option('--token <token>', 'a bearer token (default: a ten-minute local viewer token for the demo company, local auth only)')
      .action(async (question: string, options: AskOptions) => runAsk(question, options, context, readEnvironment, fetcher));
  };
}

/** Registers `dte ask`. */
export const registerAskCommand: RegisterCommand = (program, context) => createAskCommand()(program, context);

async function runAsk(question: string, options: AskOptions, context: CommandContext, readEnvironment: (() => Environment) | undefined, fetcher: typeof fetch): Promise<void> {
  if (question.trim() === '') throw validationError([{ pointer: 'question', message: 'Give a question: dte ask "¿por qué rechazaron la factura 12?"' }]);
  const connection = await connectService({ url: options.url, token: options.token }, context, 'viewer', readEnvironment);
  const body = { question, ...(options.document ? { documentId: options.document } : {}), ...(options.conversation ? { conversationId: options.conversation } : {}) };
  // A refusal of the question (422, 400, 404) exits 2 with one line per problem; a 5xx or an
  // unreachable service exits 1 (callService).
  const { body: answer } = await callService(connection, 'POST', '/v1/agent/ask', body, fetcher) as { body: AgentAnswer };
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
