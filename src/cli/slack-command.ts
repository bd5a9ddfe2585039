import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../app/ports/index.ts';
import type { Environment } from '../config/load-config.ts';
import { validationError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import type { CommandContext, RegisterCommand } from './cli-context.ts';
import { callService, connectService, type ServiceConnection, type ConnectionOptions } from './service-client.ts';

/** A Slack team, user or channel id as Slack shows them. */
const SLACK_ID = /^[A-Z0-9]{1,32}$/;
const CHANNEL_ID = /^[CG][A-Z0-9]{4,31}$/;

interface OutputOptions extends ConnectionOptions {
  json?: boolean;
}

interface MappingOptions extends OutputOptions {
  role: string;
  company?: string[];
}

/** The parts `dte slack` is made of; tests give their own environment and fetch. */
interface SlackCommandParts {
  readEnvironment?: () => Environment;
  fetcher?: typeof fetch;
}

/**
 * Makes `dte slack`: an admin manages, on a running service's HTTP API, who the Slack bot acts for
 * (`users list|set|remove`, /v1/slack/users) and where each company's alerts go (`channel
 * show|set|remove`, /v1/slack/channels/:rut). Input is checked before anything is sent: each problem is
 * one line and the exit code 2.
 */
export function createSlackCommand(parts: SlackCommandParts = {}): RegisterCommand {
  return (program, context) => {
    const slack = program.command('slack').description("manage the Slack bot on a running service: mapped users and each company's alert channel");
    const connect = (options: ConnectionOptions) => connectService(options, context, 'admin', parts.readEnvironment);
    const call = (connection: ServiceConnection, method: string, path: string, body?: unknown) => callService(connection, method, path, body, parts.fetcher);

    const users = slack.command('users').description('Slack users mapped to a role and companies');
    withService(users.command('list').description("list the Slack users mapped to your companies"))
      .action(async (options: OutputOptions) => {
        const { body } = await call(await connect(options), 'GET', '/v1/slack/users');
        const items = (body as { items: MappingView[] }).items;
        if (options.json) return print(context, items);
        if (items.length === 0) context.io.out('No Slack user is mapped to your companies.\n');
        for (const user of items) context.io.out(`${user.workspace} ${user.userId} ${user.role} ${user.companies.join(',')} (by ${user.createdBy}, ${user.updatedAt})\n`);
      });
    withService(users.command('set').description('map a Slack user to a role and companies (your own)')
      .argument('<team>', 'the Slack team id (T…)').argument('<user>', 'the Slack user id (U… or W…)')
      .requiredOption('--role <role>', `what they act as: ${ROLES.join(', ')}`)
      .addOption(new Option('--company <rut>', 'a company they act for; repeat for several').argParser(collect).makeOptionMandatory()))
      .action(async (team: string, user: string, options: MappingOptions) => {
        const problems = [...idProblems({ '<team>': team, '<user>': user })];
        if (!(ROLES as readonly string[]).includes(options.role)) problems.push({ pointer: '--role', message: `"${options.role}" is not a role: use ${ROLES.join(', ')}.` });
        const companies = rutsOf(options.company ?? [], problems);
        if (problems.length > 0) throw validationError(problems, 'The arguments of dte slack users set have problems.');
        const { body } = await call(await connect(options), 'PUT', `/v1/slack/users/${team}/${user}`, { role: options.role, companies });
        if (options.json) return print(context, body);
        const saved = body as MappingView;
        context.io.out(`${saved.workspace} ${saved.userId} acts as ${saved.role} for ${saved.companies.join(', ')}.\n`);
      });
    withService(users.command('remove').description("remove a Slack user's mapping")
      .argument('<team>', 'the Slack team id (T…)').argument('<user>', 'the Slack user id (U… or W…)'))
      .action(async (team: string, user: string, options: OutputOptions) => {
        const problems = idProblems({ '<team>': team, '<user>': user });
        if (problems.length > 0) throw validationError(problems, 'The arguments of dte slack users remove have problems.');
        await call(await connect(options), 'DELETE', `/v1/slack/users/${team}/${user}`);
        context.io.out(`${team} ${user} is no longer mapped.\n`);
      });

    const channel = slack.command('channel').description("a company's own channel for rejection and repair alerts (else SLACK_ALERT_CHANNEL)");
    withService(channel.command('show').description("show the company's alert channel").argument('<rut>', "the company's RUT"))
      .action(async (rut: string, options: OutputOptions) => {
        const { body } = await call(await connect(options), 'GET', `/v1/slack/channels/${companyOf(rut)}`);
        if (options.json) return print(context, body);
        const view = body as ChannelView;
        context.io.out(view.channel === null
          ? `${view.companyRut}: no channel of its own; its alerts go to SLACK_ALERT_CHANNEL.\n`
          : `${view.companyRut}: alerts go to ${view.channel} (set by ${view.setBy}, ${view.updatedAt}).\n`);
      });
    withService(channel.command('set').description("send the company's alerts to a channel of its own (invite the bot there)")
      .argument('<rut>', "the company's RUT").argument('<channel>', 'the channel id (C… or G…, at the bottom of its details)'))
      .action(async (rut: string, id: string, options: OutputOptions) => {
        const problems: Problem[] = [];
        const company = parseRut(rut.trim())?.canonical;
        if (company === undefined) problems.push(rutProblem('<rut>', rut));
        if (!CHANNEL_ID.test(id.trim())) problems.push({ pointer: '<channel>', message: `"${id}" is not a Slack channel id: give the id (C… or G…, at the bottom of the channel's details), not its name.` });
        if (problems.length > 0) throw validationError(problems, 'The arguments of dte slack channel set have problems.');
        const { body } = await call(await connect(options), 'PUT', `/v1/slack/channels/${company}`, { channel: id.trim() });
        if (options.json) return print(context, body);
        const view = body as ChannelView;
        context.io.out(`${view.companyRut}: alerts go to ${view.channel}.\n`);
      });
    withService(channel.command('remove').description("remove the company's own channel (its alerts go to SLACK_ALERT_CHANNEL)").argument('<rut>', "the company's RUT"))
      .action(async (rut: string, options: OutputOptions) => {
        const company = companyOf(rut);
        await call(await connect(options), 'DELETE', `/v1/slack/channels/${company}`);
        context.io.out(`${company}: no channel of its own any more; its alerts go to SLACK_ALERT_CHANNEL.\n`);
      });
  };
}

/** Registers `dte slack`. */
export const registerSlackCommand: RegisterCommand = (program, context) => createSlackCommand()(program, context);

interface MappingView {
  workspace: string;
  userId: string;
  role: Role;
  companies: string[];
  createdBy: string;
  updatedAt?: string;
}

interface ChannelView {
  companyRut: string;
  channel: string | null;
  setBy?: string;
  updatedAt?: string;
}

/** Adds the options that reach the service. */
function withService(command: Command): Command {
  return command
    .option('--url <url>', "the service's URL (default: http://HOST:PORT of the configuration)")
    .option('--token <token>', "an admin's bearer token (default: a local admin token for the demo company)")
    .option('--token-file <path>', 'a file whose first line is the token')
    .option('--json', 'print what the service answered as JSON');
}

function print(context: CommandContext, value: unknown): void {
  context.io.out(`${JSON.stringify(value, null, 2)}\n`);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function idProblems(ids: Record<string, string>): Problem[] {
  return Object.entries(ids).filter(([, id]) => !SLACK_ID.test(id)).map(([pointer, id]) => ({ pointer, message: `"${id}" is not a Slack id: capital letters and digits, as in T0123ABCD or U0456EFGH.` }));
}

function rutProblem(pointer: string, text: string): Problem {
  return { pointer, message: `"${text}" is not a RUT with a right check digit, such as 76192083-9.` };
}

function companyOf(text: string): string {
  const rut = parseRut(text.trim())?.canonical;
  if (rut === undefined) throw validationError([rutProblem('<rut>', text)]);
  return rut;
}

function rutsOf(texts: readonly string[], problems: Problem[]): string[] {
  const companies: string[] = [];
  for (const text of texts) {
    const rut = parseRut(text.trim())?.canonical;
    if (rut === undefined) problems.push(rutProblem('--company', text));
    else if (!companies.includes(rut)) companies.push(rut);
  }
  if (texts.length === 0) problems.push({ pointer: '--company', message: 'Give at least one company: --company 76192083-9.' });
  return companies;
}
