// The entry of a PDF render thread (render-pool.ts). Node 20 does not carry tsx's `--import` over to
// worker threads, so the thread registers tsx itself, as bin/dte.js does, then loads its TypeScript
// script: render-worker.ts, or a test's stand-in.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.script);
