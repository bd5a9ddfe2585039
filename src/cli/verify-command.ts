import type { Command } from 'commander';
import { verifyXml, type VerificationReport } from '../core/verify/index.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';
import { EXIT_FAILURE } from './exit.ts';
import type { CommandContext } from './cli-context.ts';
import { readInput, readTrustedCafSigners } from './read-inputs.ts';

interface VerifyCommandOptions {
  siiCert?: string;
  json?: boolean;
}

/**
 * Registers `dte verify`: the verifier's report on a DTE or an EnvioDTE, one line per check. Exits 0
 * when every check passes and 1 otherwise.
 */
export function registerVerifyCommand(program: Command, context: CommandContext): void {
  program
    .command('verify')
    .description('check a DTE or EnvioDTE: schema, signatures, TED, CAF, totals')
    .argument('<file>', 'DTE or EnvioDTE XML file')
    .option('--sii-cert <pem-or-der>', "certificate trusted to sign CAFs (default: the SII's 100 and 300)")
    .option('--json', 'print the report as JSON')
    .action((path: string, options: VerifyCommandOptions) => runVerify(path, options, context));
}

function runVerify(path: string, options: VerifyCommandOptions, context: CommandContext): void {
  const report = verifyXml(readInput(path, path), {
    schemaValidator: sharedSchemaValidator(),
    trustedCafCertificates: readTrustedCafSigners(options.siiCert),
  });
  context.io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(path, report));
  if (!report.ok) context.setExitCode(EXIT_FAILURE);
}

/** One line per check, then a summary line. */
export function formatReport(path: string, report: VerificationReport): string {
  const lines = report.checks.map((check) => {
    const mark = check.skipped ? 'skip' : check.ok ? 'ok  ' : 'FAIL';
    return `${mark} ${check.name} [${check.subject}] ${check.detail}`;
  });
  const failed = report.checks.filter((check) => !check.ok).length;
  const verdict = failed === 0
    ? `${path}: every check passed (${report.checks.length} checks).`
    : `${path}: ${failed} of ${report.checks.length} checks failed.`;
  return `${lines.join('\n')}\n${verdict}\n`;
}
