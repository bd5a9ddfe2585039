import type { Command } from 'commander';
import type { Problem } from '../core/result.ts';
import { isValidRut } from '../core/rut.ts';
import type { RevisionCode } from '../app/ports/index.ts';
import { judgeEnvelope, type JudgedEnvelopeStatus } from '../app/submission/verdicts.ts';
import type { CommandContext } from './cli-context.ts';
import { checkOptionsEarly } from './option-checks.ts';
import { addSiiConnectionOptions, openSiiGateway, type SiiConnectionOptions } from './submit-command.ts';

interface StatusOptions extends SiiConnectionOptions {
  trackId: string;
  company: string;
  json?: boolean;
}

/**
 * Registers `dte status`: asks the SII (QueryEstUp) how an uploaded envelope is going and prints its
 * state, the counts per document type and every code with its meaning; `--json` prints exactly
 * `{ trackId, state, counts, documents }`.
 */
export function registerStatusCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('status')
    .description("ask the SII how an uploaded envelope is going: state, counts per type, each document's codes")
    .requiredOption('--track-id <n>', 'track id printed by dte submit')
    .requiredOption('--company <rut>', "the envelope's company (Caratula RutEmisor)")
    .option('--json', 'print { trackId, state, counts, documents } as JSON');
  checkOptionsEarly(command, (options) => checkStatusValues(options as Partial<StatusOptions>));
  addSiiConnectionOptions(command, { environmentRequired: false, uploads: false })
    .action((options: StatusOptions) => runStatus(options, context));
}

/** The problems of --track-id and --company (a missing one is commander's to report). */
function checkStatusValues(options: Partial<StatusOptions>): Problem[] {
  const problems: Problem[] = [];
  if (options.trackId !== undefined && !/^\s*\d{1,20}\s*$/.test(options.trackId)) problems.push({ pointer: '--track-id', message: `"${options.trackId}" is not a track id: use the whole number dte submit printed.` });
  if (options.company !== undefined && !isValidRut(options.company)) problems.push({ pointer: '--company', message: `"${options.company}" is not a valid RUT.` });
  return problems;
}

async function runStatus(options: StatusOptions, context: CommandContext): Promise<void> {
  const gateway = await openSiiGateway(options, checkStatusValues(options));
  const status = judgeEnvelope(await gateway.envelopeStatus(options.trackId.trim(), options.company));
  context.io.out(options.json ? `${JSON.stringify(statusJson(status))}\n` : formatStatus(status));
}

/** The JSON of `--json`: exactly these keys, so that scripts can rely on them. */
export function statusJson(status: JudgedEnvelopeStatus): object {
  return {
    trackId: status.trackId,
    state: status.state,
    counts: status.counts.map(({ type, informed, accepted, rejected, repairs }) => ({ type, informed, accepted, rejected, repairs })),
    documents: status.documents.map(({ type, folio, state, codes }) => ({
      type, folio, state, codes: codes.map(({ code, message }) => ({ code, message })),
    })),
  };
}

/** The human form: the state and what it means, then the counts, then each document with its codes. */
export function formatStatus(status: JudgedEnvelopeStatus): string {
  const progress = status.final
    ? `final${status.verdict === undefined ? '' : `, ${describeVerdict(status.verdict)}`}`
    : 'not final yet, ask again later';
  const lines = [`track id ${status.trackId}: ${status.state} (${status.stateMeaning}); ${progress}`];
  if (status.codes.length > 0) {
    for (const code of status.codes) lines.push(`  ${formatCode(code)}`);
  } else if (status.errorCode !== undefined || status.errorMessage !== undefined) {
    lines.push(`  ${[status.errorCode, status.errorMessage].filter((part) => part !== undefined).join(': ')}`);
  }
  for (const count of status.counts) {
    lines.push(`  type ${count.type}: ${count.informed} informed, ${count.accepted} accepted, ${count.rejected} rejected, ${count.repairs} with repairs`);
  }
  for (const document of status.documents) {
    const description = document.description === undefined ? '' : ` (${document.description})`;
    lines.push(`  type ${document.type} folio ${document.folio}: ${document.state}${description}`);
    for (const code of document.codes) {
      lines.push(`    ${formatCode(code)}`);
    }
  }
  if (status.attentionNumber !== undefined) lines.push(`  SII attention number ${status.attentionNumber}`);
  return `${lines.join('\n')}\n`;
}

function formatCode(code: RevisionCode): string {
  return `${code.code}: ${code.message}${code.detail === undefined ? '' : ` [${code.detail}]`}`;
}

function describeVerdict(verdict: NonNullable<JudgedEnvelopeStatus['verdict']>): string {
  switch (verdict) {
    case 'accepted': return 'every document accepted';
    case 'accepted_with_repairs': return 'accepted, some with repairs (reparos), none rejected';
    case 'rejected': return 'rejected';
    case 'mixed': return 'some documents rejected, others accepted';
  }
}
