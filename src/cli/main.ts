/**
 * Entry of the `dte` command (bin/dte.js loads it through tsx). It lists the commands and runs them on
 * the process's arguments; everything else lives in the command modules, run-cli.ts and exit.ts.
 */
import { processContext, type RegisterCommand } from './cli-context.ts';
import { registerAskCommand } from './ask-command.ts';
import { registerBackupCommand } from './backup-command.ts';
import { registerCertCommand } from './cert-command.ts';
import { registerEnvelopeCommand } from './envelope-command.ts';
import { registerIssueCommand } from './issue-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerPdfCommand } from './pdf-command.ts';
import { registerReceivedCommand } from './received-command.ts';
import { createRegistryCommands } from './registry-command.ts';
import { registerRespuestaCommand } from './respuesta-command.ts';
import { registerSiiSimCommand } from './sii-sim-command.ts';
import { registerSlackCommand } from './slack-command.ts';
import { registerStatusCommand } from './status-command.ts';
import { registerSubmitCommand } from './submit-command.ts';
import { registerTokenCommand } from './token-command.ts';
import { registerVerifyCommand } from './verify-command.ts';
import { runCli } from './run-cli.ts';

/**
 * The commands of `dte`. To add one, write src/cli/<name>-command.ts exporting a RegisterCommand,
 * import it above and list it here.
 */
const commands: readonly RegisterCommand[] = [
  registerKeysCommand,
  registerIssueCommand,
  registerEnvelopeCommand,
  registerVerifyCommand,
  registerRespuestaCommand,
  registerReceivedCommand,
  registerPdfCommand,
  registerSubmitCommand,
  registerStatusCommand,
  registerTokenCommand,
  registerSiiSimCommand,
  registerAskCommand,
  registerSlackCommand,
  registerBackupCommand,
  registerCertCommand,
  createRegistryCommands(),
];

// A reader that stops early (`dte ask … | head`) closes the pipe: that ends the output, not in a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), commands, processContext());
