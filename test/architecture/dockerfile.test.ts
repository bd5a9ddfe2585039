import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The image has no engine to be built on here, so its recipe is checked as text: every folder the
 * service's code loads at run time is copied (issue 22: without tools/ it died with
 * ERR_MODULE_NOT_FOUND /app/tools/index.ts), and npm ci finds the prepare script it runs.
 */
const ROOT = new URL('../../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', ROOT), 'utf8');
const copied = [...dockerfile.matchAll(/^COPY\s+(.+)\s+\S+$/gm)].flatMap((match) => match[1]!.split(/\s+/));

/** The top-level folders that a file under src/ imports or reads relative to itself. */
function foldersUsedBySource(): Set<string> {
  const used = new Set<string>(['src']);
  const visit = (folder: URL): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(new URL(`${entry.name}/`, folder));
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(new URL(entry.name, folder), 'utf8');
        for (const [, path] of text.matchAll(/(?:from |import\(|new URL\()'((?:\.\.\/)+[\w-]+)\//g)) {
          const resolved = new URL(`${path}/`, new URL(entry.name, folder)).pathname.slice(ROOT.pathname.length).split('/')[0]!;
          used.add(resolved);
        }
      }
    }
  };
  visit(new URL('src/', ROOT));
  return used;
}

describe('the Dockerfile', () => {
  it('copies every folder the service loads at run time', () => {
    const used = foldersUsedBySource();
    expect(used).toContain('tools');
    expect(used).toContain('resources');
    for (const folder of used) expect(copied, `${folder} is used by src/ but not copied`).toContain(folder);
  });

  it('copies the prepare script before npm ci runs it', () => {
    expect(dockerfile.indexOf('COPY scripts')).toBeGreaterThan(-1);
    expect(dockerfile.indexOf('COPY scripts')).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
  });
});
