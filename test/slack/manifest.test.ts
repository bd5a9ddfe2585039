import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_PATHS } from '../../src/slack/fastify-receiver.ts';

/** The app manifest points Slack at what the service serves and asks for the scopes the bot uses. */
describe('deploy/slack-manifest.yaml', () => {
  const manifest = readFileSync(new URL('../../deploy/slack-manifest.yaml', import.meta.url), 'utf8');

  it('sends events, /dte and interactivity to a path the service serves', () => {
    const urls = [...manifest.matchAll(/(?:url|request_url): https:\/\/[^/\s]+(\/\S+)/g)].map((match) => match[1]);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(SLACK_PATHS as readonly string[]).toContain(url);
    expect(manifest).toMatch(/- command: \/dte\n/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
  });

  it('subscribes to mentions and DMs and has the scopes for every call the bot makes', () => {
    for (const event of ['app_mention', 'message.im']) expect(manifest).toMatch(new RegExp(`- ${event.replace('.', '\\.')}\\n`));
    for (const scope of ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'reactions:write']) {
      expect(manifest).toMatch(new RegExp(`- ${scope}\\b`));
    }
  });
});
