import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a running service listens, kept in its DATA_DIR (`service-url`), so that `dte ask` and
 * `dte slack` find a service started on another PORT (or on PORT=0) without `--url`. The server
 * entry writes it once it listens and removes it when it stops; a file left by a crash names a port
 * nobody answers on, which the CLI reports as an unreachable service.
 */
const FILE = 'service-url';

/** Records the URL the service listens on. */
export function writeServiceAddress(dataDirectory: string, url: string): void {
  writeFileSync(join(dataDirectory, FILE), `${url}\n`);
}

/** The URL a running service recorded in `dataDirectory`, or undefined when none did. */
export function readServiceAddress(dataDirectory: string): string | undefined {
  try {
    const url = readFileSync(join(dataDirectory, FILE), 'utf8').trim();
    return /^https?:\/\/\S+$/.test(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the record, unless another service has since written its own URL there. */
export function removeServiceAddress(dataDirectory: string, url: string): void {
  if (readServiceAddress(dataDirectory) === url) rmSync(join(dataDirectory, FILE), { force: true });
}
