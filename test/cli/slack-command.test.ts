import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActorDirectory } from '../../src/app/actor-directory.ts';
import { createAlertChannelService } from '../../src/app/alert-channel-service.ts';
import type { AlertChannelService } from '../../src/app/ports/index.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { createSlackCommand } from '../../src/cli/slack-command.ts';
import { openStore } from '../../src/store/open-store.ts';
import { COMPANY, createTestApp, OTHER_COMPANY, tokenFor, type TestApp } from '../http/support/test-app.ts';
import { sampleCompany } from '../store/store-fixtures.ts';
import { captureContext } from './capture-context.ts';

/**
 * `dte slack` against the HTTP API on a real port, with the real actor directory and alert channel
 * service over an in-memory store: what it prints, what it changed, and exit 2 with one line per
 * problem before anything is sent.
 */
let test: TestApp;
let url: string;
let admin: string;
let directory: string;
let alertChannels: AlertChannelService;
let database: { close(): Promise<void> };
const requests: string[] = [];

beforeAll(async () => {
  const opened = await openStore({ masterKey: Buffer.alloc(32, 3) });
  database = opened.database;
  await opened.store.companies.save(sampleCompany(COMPANY));
  alertChannels = createAlertChannelService(opened.store, { defaultChannel: 'C0DEFAULT' });
  test = await createTestApp({ actors: createActorDirectory(opened.store), alertChannels });
  url = await test.app.listen({ port: 0, host: '127.0.0.1' });
  admin = await tokenFor('admin', [COMPANY], { subject: 'cli-admin' });
  directory = mkdtempSync(join(tmpdir(), 'dte-slack-cli-'));
});

/** fetch, recording each call, so tests can tell that bad input sent nothing. */
const recordingFetch: typeof fetch = (input, init) => {
  requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
  return fetch(input, init);
};

afterAll(async () => {
  await test?.close();
  await database?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function dte(...argv: string[]): Promise<{ code: number; stdout: string; errorLines: string[] }> {
  const captured = captureContext();
  const code = await runCli(argv, [createSlackCommand({ readEnvironment: () => ({}), fetcher: recordingFetch })], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

const service = (token = admin) => ['--url', url, '--token', token];

describe('dte slack users', () => {
  it('maps, lists and removes a Slack user through the admin route', async () => {
    const set = await dte('slack', 'users', 'set', 'T0TEAM', 'U0ANA', '--role', 'issuer', '--company', '76.192.083-9', ...service());
    expect(set).toMatchObject({ code: 0, stdout: `T0TEAM U0ANA acts as issuer for ${COMPANY}.\n` });
    const listed = await dte('slack', 'users', 'list', ...service());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^T0TEAM U0ANA issuer ${COMPANY} \\(by cli-admin, \\d{4}-`));
    const json = await dte('slack', 'users', 'list', '--json', ...service());
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ workspace: 'T0TEAM', userId: 'U0ANA', role: 'issuer', companies: [COMPANY] })]);
    expect((await dte('slack', 'users', 'remove', 'T0TEAM', 'U0ANA', ...service())).stdout).toBe('T0TEAM U0ANA is no longer mapped.\n');
    const again = await dte('slack', 'users', 'remove', 'T0TEAM', 'U0ANA', ...service());
    expect(again).toMatchObject({ code: 2, errorLines: ['error: The Slack user U0ANA of T0TEAM is not mapped.'] });
    expect((await dte('slack', 'users', 'list', ...service())).stdout).toBe('No Slack user is mapped to your companies.\n');
  });

  it('exits with 2 and one line per problem before calling the service', async () => {
    const before = requests.length;
    const result = await dte('slack', 'users', 'set', 't0team', 'U0ANA', '--role', 'boss', '--company', '76192083-0', ...service());
    expect(result.code).toBe(2);
    expect(result.errorLines).toEqual([
      '<team>: "t0team" is not a Slack id: capital letters and digits, as in T0123ABCD or U0456EFGH.',
      '--role: "boss" is not a role: use admin, issuer, receiver, viewer, agent.',
      '--company: "76192083-0" is not a RUT with a right check digit, such as 76192083-9.',
    ]);
    expect((await dte('slack', 'users', 'set', 'T0TEAM', 'U0ANA', '--role', 'viewer', ...service())).errorLines).toEqual(["error: required option '--company <rut>' not specified"]);
    expect((await dte('slack', 'users', 'set', 'T0TEAM', 'U0ANA', '--company', COMPANY, ...service())).errorLines).toEqual(["error: required option '--role <role>' not specified"]);
    expect((await dte('slack', 'users', 'set', 'T0TEAM', 'U0ANA', ...service())).errorLines).toEqual([
      "error: required option '--role <role>' not specified",
      "error: required option '--company <rut>' not specified",
    ]);
    expect(requests.length).toBe(before);
  });

  it('exits with 2 naming --token when the token may not (403, as a 401), and 1 when the service cannot be reached', async () => {
    const refused = await dte('slack', 'users', 'set', 'T0TEAM', 'U0ANA', '--role', 'viewer', '--company', OTHER_COMPANY, ...service());
    expect(refused.code).toBe(2);
    expect(refused.errorLines).toEqual([expect.stringMatching(/^--token: the token may not do this: This token is not bound to company 60910000-1\./)]);
    const viewer = await dte('slack', 'users', 'list', ...service(await tokenFor('viewer')));
    expect(viewer.code).toBe(2);
    expect(viewer.errorLines).toEqual([expect.stringMatching(/^--token: the token may not do this: /)]);
    const down = await dte('slack', 'users', 'list', '--url', 'http://127.0.0.1:9', '--token', admin);
    expect(down.code).toBe(1);
    expect(down.errorLines[0]).toContain('cannot be reached');
  });
});

describe('dte slack channel', () => {
  it("sets, shows and removes a company's alert channel, reading the token from a file", async () => {
    const tokenFile = join(directory, 'admin.token');
    writeFileSync(tokenFile, `${admin}\n`);
    const byFile = ['--url', url, '--token-file', tokenFile];
    expect((await dte('slack', 'channel', 'show', COMPANY, ...byFile)).stdout).toBe(`${COMPANY}: no channel of its own; its alerts go to SLACK_ALERT_CHANNEL.\n`);
    expect(await dte('slack', 'channel', 'set', '76192083-9', 'C0VENTAS', ...byFile)).toMatchObject({ code: 0, stdout: `${COMPANY}: alerts go to C0VENTAS.\n` });
    expect(await alertChannels.destination(COMPANY)).toBe('C0VENTAS');
    expect((await dte('slack', 'channel', 'show', COMPANY, ...byFile)).stdout).toMatch(new RegExp(`^${COMPANY}: alerts go to C0VENTAS \\(set by cli-admin, \\d{4}-`));
    expect(JSON.parse((await dte('slack', 'channel', 'show', COMPANY, '--json', ...byFile)).stdout)).toMatchObject({ companyRut: COMPANY, channel: 'C0VENTAS' });
    expect((await dte('slack', 'channel', 'remove', COMPANY, ...byFile)).stdout).toBe(`${COMPANY}: no channel of its own any more; its alerts go to SLACK_ALERT_CHANNEL.\n`);
    expect(await alertChannels.destination(COMPANY)).toBe('C0DEFAULT');
    expect((await dte('slack', 'channel', 'remove', COMPANY, ...byFile))).toMatchObject({ code: 2, errorLines: [`error: The company ${COMPANY} has no alert channel of its own.`] });
  });

  it('exits with 2 and one line per problem, also for a company that is not the admin\'s (403)', async () => {
    const before = requests.length;
    const bad = await dte('slack', 'channel', 'set', '76192083-0', '#ventas', ...service());
    expect(bad.code).toBe(2);
    expect(bad.errorLines).toEqual([
      '<rut>: "76192083-0" is not a RUT with a right check digit, such as 76192083-9.',
      `<channel>: "#ventas" is not a Slack channel id: give the id (C… or G…, at the bottom of the channel's details), not its name.`,
    ]);
    expect((await dte('slack', 'channel', 'show', 'nope', ...service())).errorLines).toEqual(['<rut>: "nope" is not a RUT with a right check digit, such as 76192083-9.']);
    const missingFile = await dte('slack', 'channel', 'show', COMPANY, '--url', url, '--token-file', join(directory, 'missing.token'));
    expect(missingFile).toMatchObject({ code: 2, errorLines: [`--token-file: ${join(directory, 'missing.token')} does not exist.`] });
    expect(requests.length).toBe(before);
    const foreign = await dte('slack', 'channel', 'set', OTHER_COMPANY, 'C0OTHER', ...service());
    expect(foreign.code).toBe(2);
    expect(foreign.errorLines).toEqual([expect.stringMatching(/^--token: the token may not do this: /)]);
    expect(await alertChannels.destination(OTHER_COMPANY)).toBe('C0DEFAULT');
  });
});
