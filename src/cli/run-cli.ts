import { Command, type Option } from 'commander';
import { validationError } from '../core/errors.ts';
import type { CliContext, RegisterCommand } from './cli-context.ts';
import { EXIT_SUCCESS, reportError } from './exit.ts';
import { earlyOptionProblems } from './option-checks.ts';

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
  checkRequiredOptionsTogether(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, context.io, { debug: program.opts<{ debug?: boolean }>().debug === true });
  }
}

/**
 * Commander stops at the first missing required option; this reports them all, one line each (exit 2),
 * with the problems of the values given (checkOptionsEarly), before the command's action runs. The options are marked "(required)" in the help, which commander
 * does not do.
 */
function checkRequiredOptionsTogether(program: Command): void {
  const required = new Map<Command, Option[]>();
  const visit = (command: Command): void => {
    const mandatory = command.options.filter((option) => option.mandatory);
    for (const option of mandatory) {
      option.mandatory = false;
      option.description = option.description === '' ? '(required)' : `${option.description} (required)`;
    }
    if (mandatory.length > 0) required.set(command, mandatory);
    for (const subcommand of command.commands) visit(subcommand);
  };
  visit(program);
  program.hook('preAction', (_program, actionCommand) => {
    const missing = (required.get(actionCommand) ?? []).filter((option) => actionCommand.getOptionValue(option.attributeName()) === undefined);
    // With every required option given, the action checks everything (files included) and reports it.
    if (missing.length === 0) return;
    // The wording is commander's own, so that one missing option reads as it always did.
    const problems = missing.map((option) => ({ pointer: '', message: `error: required option '${option.flags}' not specified` }));
    // The values given are checked too (option-checks.ts), so that one run names every problem.
    problems.push(...earlyOptionProblems(actionCommand));
    throw validationError(problems, 'The options have problems.');
  });
}
