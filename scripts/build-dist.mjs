// `npm run build` (and `prepare`, so `npm ci` builds): compiles src/ and tools/ to dist/ with tsc,
// then gives dist/ what the compiled code finds next to it: the PDF thread's entry (not TypeScript)
// and links to resources/ and prompts/, which the code reads two folders up from its own file.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm ci --omit=dev` (an image) has no TypeScript: it runs the source through tsx instead.
  console.warn('build-dist: typescript is not installed (npm ci --omit=dev?), so dist/ is not built; bin/dte.js runs the source through tsx.');
  process.exit(0);
}
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
copyFileSync(`${root}src/pdf/render-thread.mjs`, `${dist}/src/pdf/render-thread.mjs`);
for (const folder of ['resources', 'prompts']) {
  const link = `${dist}/${folder}`;
  if (existsSync(link)) rmSync(link, { recursive: true, force: true });
  symlinkSync(`../${folder}`, link, 'dir');
}
