/**
 * The thread of a PDF render pool (render-pool.ts): renders each XML it is sent with renderPdf and
 * posts back the PDF, or the error as plain data (a DteError's code, message, details and retryable).
 */
import { parentPort } from 'node:worker_threads';
import type { PrintSettings } from '../app/ports/index.ts';
import { DteError } from '../core/errors.ts';
import { renderPdf } from './render-pdf.ts';

/** A render asked of the thread. */
export interface RenderRequest {
  id: number;
  xml: Uint8Array;
  settings: PrintSettings;
}

/** Its answer: the PDF's bytes, or the error. */
export type RenderAnswer =
  | { id: number; pdf: Uint8Array }
  | { id: number; error: { code: DteError['code']; message: string; details?: DteError['details']; retryable: boolean } };

const port = parentPort;
if (port === null) throw new Error('render-worker.ts runs only as a worker thread of a PDF render pool.');

port.on('message', (request: RenderRequest) => {
  void renderPdf(request.xml, request.settings).then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      // A PDF from Buffer.concat owns its ArrayBuffer, which can then move to the other thread uncopied.
      const movable = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
      port.postMessage({ id: request.id, pdf: bytes } satisfies RenderAnswer, movable ? [pdf.buffer as ArrayBuffer] : []);
    },
    (error: unknown) => {
      const answer: RenderAnswer = error instanceof DteError
        ? { id: request.id, error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }), retryable: error.retryable } }
        : { id: request.id, error: { code: 'INTERNAL', message: `The PDF render failed: ${error instanceof Error ? error.message : String(error)}`, retryable: false } };
      port.postMessage(answer);
    },
  );
});
