import type { Command } from 'commander';

/**
 * What a command may touch of the outside world, passed in so that tests run commands in-process with
 * captured output and a fixed clock.
 */

/** Where a command writes. Each call receives whole lines, ending in a newline. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Writes bytes as they are (a DTE in ISO-8859-1); without it, they are written as Latin-1 text. */
  outBytes?(bytes: Uint8Array): void;
}

/** Everything a command receives besides its arguments. */
export interface CliContext {
  io: CliIo;
  /** The clock: commands read the time here, never from `new Date()` directly. */
  now(): Date;
}

/**
 * What a command's action receives: the context, and a way to end with a non-zero exit code without
 * an error (`dte verify` exits 1 when a check fails, after printing its report).
 */
export interface CommandContext extends CliContext {
  setExitCode(code: number): void;
}

/**
 * A command module's entry: it adds its subcommand to the program (`program.command('keys')…`) and
 * keeps the context for its action. Errors thrown by the action reach src/cli/exit.ts.
 */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

/** The context of the real process: stdout, stderr and the system clock. */
export function processContext(): CliContext {
  return {
    io: {
      out: (text) => void process.stdout.write(text),
      err: (text) => void process.stderr.write(text),
      outBytes: (bytes) => void process.stdout.write(bytes),
    },
    now: () => new Date(),
  };
}

/** Writes bytes to standard output through the context. */
export function writeBytes(context: CliContext, bytes: Uint8Array): void {
  if (context.io.outBytes) context.io.outBytes(bytes);
  else context.io.out(Buffer.from(bytes).toString('latin1'));
}
