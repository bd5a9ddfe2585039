import type { Command } from 'commander';
import type { Problem } from '../core/result.ts';

/**
 * Checks of a command's option values that need no file or network, run when required options are
 * missing (run-cli.ts), so that one run reports every problem at once: a missing `--cert` together
 * with a bad `--track-id` and an unknown `--env`. With every required option given, the action runs
 * and checks the same values again with the rest, so a check given here only completes that report.
 */
const checks = new WeakMap<Command, (options: Record<string, unknown>) => Problem[]>();

/** Adds a check of the command's options (given as read, missing ones undefined); returns the command. */
export function checkOptionsEarly(command: Command, check: (options: Record<string, unknown>) => Problem[]): Command {
  const previous = checks.get(command);
  checks.set(command, previous === undefined ? check : (options) => [...previous(options), ...check(options)]);
  return command;
}

/** The problems the command's early checks find in its options. */
export function earlyOptionProblems(command: Command): Problem[] {
  return checks.get(command)?.(command.opts()) ?? [];
}
