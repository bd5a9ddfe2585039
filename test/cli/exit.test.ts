import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DteError, validationError } from '../../src/core/errors.ts';
import type { RegisterCommand } from '../../src/cli/cli-context.ts';
import { reportError } from '../../src/cli/exit.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { captureContext } from './capture-context.ts';

/** A command whose action throws the given error, to see how the CLI reports it. */
function failingCommand(error: unknown): RegisterCommand {
  return (program: Command) => {
    program.command('fail').action(() => {
      throw error;
    });
  };
}

async function run(error: unknown, ...options: string[]): Promise<{ code: number; errorLines: string[]; stderr: string }> {
  const captured = captureContext();
  const code = await runCli(['fail', ...options], [failingCommand(error)], captured.context);
  return { code, errorLines: captured.errorLines(), stderr: captured.stderr() };
}

describe('reportError', () => {
  it('prints one line per validation problem and exits with 2', async () => {
    const error = validationError([
      { pointer: '/Detalle/0/QtyItem', message: 'QtyItem must be greater than zero.' },
      { pointer: '/Encabezado/Receptor/RUTRecep', message: 'RUT 1-2 has a wrong check digit:\n1-9 would be valid.' },
      { pointer: '', message: 'The request is empty.' },
    ]);
    const result = await run(error);
    expect(result.code).toBe(2);
    expect(result.errorLines).toEqual([
      '/Detalle/0/QtyItem: QtyItem must be greater than zero.',
      '/Encabezado/Receptor/RUTRecep: RUT 1-2 has a wrong check digit: 1-9 would be valid.',
      'The request is empty.',
    ]);
  });

  it('prints the message of a user-input error without problems and exits with 2', async () => {
    const result = await run(new DteError('CAF_UNTRUSTED', 'The CAF is not signed by a trusted SII certificate.'));
    expect(result).toMatchObject({ code: 2, errorLines: ['error: The CAF is not signed by a trusted SII certificate.'] });
  });

  it('exits with 1 and one line for other errors, with no stack trace', async () => {
    const unavailable = await run(new DteError('SII_UNAVAILABLE', 'The SII did not answer.', { retryable: true }));
    expect(unavailable).toMatchObject({ code: 1, errorLines: ['error: The SII did not answer. (run with --debug for details)'] });
    const bug = await run(new TypeError('Cannot read properties of undefined'));
    expect(bug.code).toBe(1);
    expect(bug.errorLines).toEqual(['error: Cannot read properties of undefined (run with --debug for details)']);
    expect(bug.stderr).not.toContain('    at ');
  });

  it('prints the stack and the causes with --debug, before or after the command', async () => {
    const error = new Error('Outer failure.', { cause: new Error('Inner failure.') });
    for (const argv of [['--debug', 'fail'], ['fail', '--debug']]) {
      const captured = captureContext();
      const code = await runCli(argv, [failingCommand(error)], captured.context);
      expect(code).toBe(1);
      expect(captured.errorLines()[0]).toBe('error: Outer failure.');
      expect(captured.stderr()).toContain('    at ');
      expect(captured.stderr()).toContain('caused by:\nError: Inner failure.');
    }
  });

  it('exits with 0 for help and 2 for an unknown command or none', async () => {
    const help = captureContext();
    expect(await runCli(['--help'], [failingCommand(new Error('unused'))], help.context)).toBe(0);
    expect(help.stdout()).toContain('Usage: dte');
    const unknown = captureContext();
    expect(await runCli(['frobnicate'], [failingCommand(new Error('unused'))], unknown.context)).toBe(2);
    expect(unknown.errorLines()).toEqual(["error: unknown command 'frobnicate'"]);
    const none = captureContext();
    expect(await runCli([], [failingCommand(new Error('unused'))], none.context)).toBe(2);
    expect(none.stderr()).toContain('Usage: dte');
  });

  it('reports values that are not errors', () => {
    const captured = captureContext();
    expect(reportError('a string was thrown', captured.context.io, { debug: false })).toBe(1);
    expect(captured.errorLines()).toEqual(['error: a string was thrown (run with --debug for details)']);
  });
});
