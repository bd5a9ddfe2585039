#!/usr/bin/env node
// Entry point of the `dte` command: runs the compiled CLI in dist/ (`npm run build`, done by `npm ci`),
// which starts in a fraction of a second, or the TypeScript source through tsx when nothing is built.
// DTE_FROM_SOURCE=1 runs the source even when dist/ exists (while changing src/ without rebuilding).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(compiled) && process.env.DTE_FROM_SOURCE !== '1') {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
