/**
 * Reading the rest of a refused request's body before answering. When Fastify refuses a body as too
 * large it stops reading and closes the connection after the answer; a client that is still sending
 * then gets a reset (EPIPE, ECONNRESET), often before it reads the 413, since closing a socket with
 * unread data makes the kernel reset it. Reading the body to its end, within bounds, lets the client
 * finish sending and read the answer.
 */
import type { IncomingMessage } from 'node:http';

/** The most bytes read from a refused body; past it the connection is closed as before. */
export const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;

/** How long a refused body is read; past it the connection is closed as before. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Reads and discards what is left of `message`'s body. Resolves when the body has ended, or when
 * `limitBytes` more were read, or after `timeoutMs`, or when the connection closed, whichever comes
 * first. It never rejects.
 */
export function drainRequest(message: IncomingMessage, limitBytes = DRAIN_LIMIT_BYTES, timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
  if (message.complete || message.readableEnded || message.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = (): void => {
      clearTimeout(timer);
      message.off('data', onData);
      message.off('end', finish);
      message.off('error', finish);
      message.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer | string): void => {
      received += chunk.length;
      if (received > limitBytes) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    message.on('data', onData);
    message.once('end', finish);
    message.once('error', finish);
    message.once('close', finish);
    message.resume();
  });
}
