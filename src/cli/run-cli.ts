import { Command } from 'commander';
import type { CliContext, RegisterCommand } from './cli-context.ts';
import { EXIT_SUCCESS, reportError } from './exit.ts';

/**
 * Runs the `dte` program on the given arguments (without `node` and the script) and returns the exit
 * code instead of exiting, so tests run commands in-process. Commander writes help and usage errors to
 * the context's io, and every error ends in src/cli/exit.ts.
 */
export async function runCli(argv: readonly string[], commands: readonly RegisterCommand[], context: CliContext): Promise<number> {
  const program = new Command('dte')
    .description('Issues Chilean electronic tax documents (DTE) for the SII.')
    .option('--debug', 'print stack traces of unexpected errors')
    .configureOutput({
      writeOut: (text) => context.io.out(text),
      writeErr: (text) => context.io.err(text),
      outputError: (text, write) => write(text),
    })
    .exitOverride();
  // Subcommands copy the output and exit settings above, so they must be registered after them.
  let exitCode = EXIT_SUCCESS;
  const commandContext = { ...context, setExitCode: (code: number) => void (exitCode = code) };
  for (const register of commands) register(program, commandContext);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, context.io, { debug: program.opts<{ debug?: boolean }>().debug === true });
  }
}
