/**
 * A stand-in for render-worker.ts in the render pool's tests: it answers "echo" with the bytes it was
 * sent, and exits without answering when sent "exit", as a thread that crashed would.
 */
import { parentPort } from 'node:worker_threads';
import type { RenderRequest } from '../../../src/pdf/render-worker.ts';

parentPort!.on('message', (request: RenderRequest) => {
  if (Buffer.from(request.xml).toString('latin1') === 'exit') process.exit(3);
  parentPort!.postMessage({ id: request.id, pdf: request.xml });
});
