import type { Command } from 'commander';
import { siiCafCertificates } from '../core/verify/sii-certificates.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { createSiiSimulator, readAuthorityCertificate, type FaultSettings, type SiiSimulatorOptions } from '../sii-sim/index.ts';
import type { CommandContext, RegisterCommand } from './cli-context.ts';
import { untilStopped } from './stop-signals.ts';

interface SiiSimOptions {
  port: string;
  host: string;
  authority?: string;
  data?: string;
  latency: string;
  errorRate: string;
  timeoutRate: string;
  status9Rate: string;
  expiredTokenRate: string;
  malformedRate: string;
  stepMs: string;
  tokenTtl: string;
  seed?: string;
  schemaAt: string;
  schemaErrors: string;
}

/** Reads the options into simulator options, reporting every unreadable one at once, named by its flag. */
function readOptions(options: SiiSimOptions): { simulator: SiiSimulatorOptions; port: number } {
  const problems: Problem[] = [];
  const whole = (flag: string, text: string, maximum = Number.MAX_SAFE_INTEGER): number => {
    if (/^\s*\d+\s*$/.test(text) && Number(text) <= maximum) return Number(text);
    problems.push({ pointer: flag, message: `"${text}" is not a whole number from 0 to ${maximum}.` });
    return 0;
  };
  const rate = (flag: string, text: string): number => {
    const value = Number(text);
    if (text.trim() !== '' && value >= 0 && value <= 1) return value;
    problems.push({ pointer: flag, message: `"${text}" is not a rate from 0 to 1.` });
    return 0;
  };
  const faults: Partial<FaultSettings> = {
    latencyMs: whole('--latency', options.latency, 600_000),
    serverErrorRate: rate('--error-rate', options.errorRate),
    timeoutRate: rate('--timeout-rate', options.timeoutRate),
    uploadStatus9Rate: rate('--status9-rate', options.status9Rate),
    expiredTokenRate: rate('--expired-token-rate', options.expiredTokenRate),
    malformedRate: rate('--malformed-rate', options.malformedRate),
  };
  const step = whole('--step-ms', options.stepMs);
  const port = whole('--port', options.port, 65_535);
  if (options.schemaAt !== 'upload' && options.schemaAt !== 'status') {
    problems.push({ pointer: '--schema-at', message: `"${options.schemaAt}" is neither upload nor status.` });
  }
  if (options.schemaErrors !== 'live' && options.schemaErrors !== 'manual') {
    problems.push({ pointer: '--schema-errors', message: `"${options.schemaErrors}" is neither live nor manual.` });
  }
  const simulator: SiiSimulatorOptions = {
    faults,
    steps: { REC: step, SOK: step, FOK: step, CRT: step, PRD: step },
    tokenLifetimeMs: whole('--token-ttl', options.tokenTtl) * 1000,
    schemaValidation: options.schemaAt === 'status' ? 'status' : 'upload',
    schemaErrorWording: options.schemaErrors === 'manual' ? 'manual' : 'live',
  };
  if (options.seed !== undefined) simulator.seed = whole('--seed', options.seed);
  if (options.data !== undefined) simulator.dataDirectory = options.data;
  if (options.authority !== undefined) {
    try {
      simulator.trustedCafCertificates = [readAuthorityCertificate(options.authority), ...siiCafCertificates()];
    } catch (error) {
      problems.push({ pointer: '--authority', message: `${options.authority}/sii-authority.pem cannot be read as a certificate (${error instanceof Error ? error.message : String(error)}); give a directory written by dte keys.` });
    }
  }
  if (problems.length > 0) throw validationError(problems, 'The options of dte sii-sim have problems.');
  return { simulator, port };
}

/** Waits for Ctrl-C, a termination signal or, under npx, the launcher's end (see stop-signals.ts). */
async function untilSignal(): Promise<void> {
  await untilStopped();
}

async function runSiiSim(options: SiiSimOptions, context: CommandContext, stop: () => Promise<void>): Promise<void> {
  const { simulator: settings, port } = readOptions(options);
  const simulator = createSiiSimulator(settings);
  // Watched from before listening: a launcher that dies as the port opens is still seen.
  const stopping = stop();
  const url = await simulator.listen(port, options.host);
  const trusted = options.authority === undefined
    ? "the SII's certificates (IDK 100 and 300); pass --authority DIR (from dte keys) to accept test CAFs"
    : `${options.authority}/sii-authority.pem and the SII's certificates`;
  context.io.out([
    `SII simulator listening at ${url}`,
    `  SOAP: ${url}/DTEWS/CrSeed.jws?WSDL (also GetTokenFromSeed, QueryEstUp, QueryEstDte); upload: ${url}/cgi_dte/UPL/DTEUpload`,
    `  CAFs trusted: ${trusted}`,
    `  State: ${options.data ?? 'in memory'}; faults: ${url}/admin/faults; envelopes: ${url}/admin/envelopes`,
    '',
  ].join('\n'));
  await stopping;
  await simulator.close();
  context.io.out('SII simulator stopped.\n');
}

/**
 * Builds the `dte sii-sim` command with a way to wait for the end: a signal for the real process, a
 * promise in tests.
 */
export function createSiiSimCommand(stop: () => Promise<void>): RegisterCommand {
  return (program: Command, context: CommandContext) => {
    program
      .command('sii-sim')
      .description('run the local SII (sii-sim): the SII\'s SOAP services and upload gateway, for tests and local use')
      .option('--port <port>', 'port to listen on (0 picks a free one)', '8089')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--authority <dir>', 'a directory written by dte keys, whose sii-authority.pem signs trusted CAFs')
      .option('--data <dir>', 'keep the state in this directory (JSON) across restarts')
      .option('--latency <ms>', 'delay every answer', '0')
      .option('--error-rate <rate>', 'share of requests answered with HTTP 5xx', '0')
      .option('--timeout-rate <rate>', 'share of requests never answered', '0')
      .option('--status9-rate <rate>', 'share of uploads answered STATUS 9 (Sistema Bloqueado)', '0')
      .option('--expired-token-rate <rate>', 'share of tokens issued already expired', '0')
      .option('--malformed-rate <rate>', 'share of answers sent malformed', '0')
      .option('--step-ms <ms>', 'time an envelope spends in each intermediate state', '200')
      .option('--token-ttl <seconds>', 'lifetime of a token', '3600')
      .option('--seed <number>', 'seed the randomness (seeds, tokens, faults) for repeatable runs')
      .option('--schema-at <where>', 'answer schema errors at the upload (STATUS 7) or in the status (RSC)', 'upload')
      .option('--schema-errors <wording>', 'word schema errors as the SII does today (live: Xerces cvc-) or as envio.pdf shows (manual: LSX-)', 'live')
      .action(async (options: SiiSimOptions) => runSiiSim(options, context, stop));
  };
}

/** Registers `dte sii-sim`, which runs the local SII until Ctrl-C. */
export const registerSiiSimCommand: RegisterCommand = createSiiSimCommand(untilSignal);
