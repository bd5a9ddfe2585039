import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentPrinter, PrintSettings } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import type { RenderAnswer, RenderRequest } from './render-worker.ts';

/**
 * A printer that renders on worker threads. `warm` starts them ahead of the first render (a thread
 * takes a second or two to load); `close` ends them and refuses what is still waiting.
 */
export interface PdfRenderPool extends DocumentPrinter {
  warm(): void;
  close(): Promise<void>;
}

/** How a pool is made. */
export interface PdfRenderPoolOptions {
  /** Threads that render at once; by default one less than the cores, at least one and at most four. */
  threads?: number;
  /** The thread's script, for tests; by default render-worker.ts. */
  workerScript?: URL;
}

interface Task {
  request: RenderRequest;
  resolve: (pdf: Buffer) => void;
  reject: (error: unknown) => void;
}

interface Thread {
  worker: Worker;
  task: Task | undefined;
}

/**
 * The printer of the HTTP service: renderPdf on a few worker threads, so that a render (milliseconds
 * of synchronous layout and compression each) does not hold up the requests that arrive
 * meanwhile. Renders wait their turn in order; a thread starts when the pool is warmed or at the
 * first render that needs it, and one that dies fails its render with an INTERNAL error and is
 * replaced.
 */
export function createPdfRenderPool(options: PdfRenderPoolOptions = {}): PdfRenderPool {
  const size = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const script = (options.workerScript ?? new URL(`./render-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)).href;
  const entry = new URL('./render-thread.mjs', import.meta.url);
  const threads: Thread[] = [];
  const waiting: Task[] = [];
  let nextId = 1;
  let closed = false;

  const start = (): Thread => {
    const thread = spawnThread(entry, script);
    thread.worker.on('message', (answer: RenderAnswer) => {
      const task = thread.task;
      if (task === undefined || task.request.id !== answer.id) return;
      thread.task = undefined;
      thread.worker.unref();
      dispatch();
      settle(task, answer);
    });
    const lost = (cause: unknown): void => {
      threads.splice(threads.indexOf(thread), 1);
      thread.task?.reject(new DteError('INTERNAL', 'The PDF render thread stopped before it answered.', { cause }));
      thread.task = undefined;
      dispatch();
    };
    thread.worker.on('error', lost);
    thread.worker.on('exit', (code) => threads.includes(thread) && lost(new Error(`The thread exited with code ${code}.`)));
    threads.push(thread);
    return thread;
  };

  const dispatch = (): void => {
    while (!closed && waiting.length > 0) {
      const thread = threads.find((candidate) => candidate.task === undefined) ?? (threads.length < size ? start() : undefined);
      if (thread === undefined) return;
      const task = waiting.shift()!;
      thread.task = task;
      thread.worker.ref();
      thread.worker.postMessage(task.request);
    }
  };

  return {
    render(xml: Uint8Array, settings: PrintSettings): Promise<Buffer> {
      if (closed) return Promise.reject(new DteError('INTERNAL', 'The PDF render pool is closed.'));
      return new Promise((resolve, reject) => {
        const request = { id: nextId++, xml: own(xml), settings: settings.logo === undefined ? settings : { ...settings, logo: own(settings.logo) } };
        waiting.push({ request, resolve, reject });
        dispatch();
      });
    },
    warm() {
      while (!closed && threads.length < size) start();
    },
    async close() {
      closed = true;
      await endAll(waiting.splice(0), threads.splice(0));
    },
  };
}

/**
 * The bytes in an array of their own: a thread is sent a view's whole ArrayBuffer, which for a Buffer
 * cut from a larger one (Node's pool, a read of many rows) is more than the view.
 */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : Uint8Array.prototype.slice.call(bytes);
}

/** A render thread, idle and not keeping the process alive. */
function spawnThread(entry: URL, script: string): Thread {
  // No options of this process's: the thread loads its TypeScript through tsx whatever started us.
  const thread: Thread = { worker: new Worker(entry, { workerData: { script }, execArgv: [] }), task: undefined };
  thread.worker.unref();
  return thread;
}

/** Ends a task with its thread's answer: the PDF, or the error the thread reported. */
function settle(task: Task, answer: RenderAnswer): void {
  if ('pdf' in answer) task.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
  else task.reject(new DteError(answer.error.code, answer.error.message, { ...(answer.error.details === undefined ? {} : { details: answer.error.details }), retryable: answer.error.retryable }));
}

/** Refuses the tasks still waiting and those being rendered, and stops the threads. */
async function endAll(waiting: Task[], ending: Thread[]): Promise<void> {
  for (const task of waiting) task.reject(new DteError('INTERNAL', 'The PDF render pool was closed before this render started.'));
  for (const thread of ending) thread.task?.reject(new DteError('INTERNAL', 'The PDF render pool was closed during this render.'));
  await Promise.all(ending.map((thread) => thread.worker.terminate()));
}
