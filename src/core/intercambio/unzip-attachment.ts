import { unzipSync } from 'fflate';

/** How much of a zip attachment is expanded at most (a zip bomb stops at these). */
export interface ZipLimits {
  /** Entries in the archive, counting those not taken (default 100). */
  maxEntries: number;
  /** The sum of the declared uncompressed sizes of the entries taken (default 64 MiB). */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 100, maxTotalBytes: 64 * 1024 * 1024 };

/** An XML file taken out of a zip. */
export interface ZippedFile {
  /** The entry's name inside the archive. */
  name: string;
  bytes: Uint8Array;
}

/** The XML files of a zip, or why none could be taken. */
export type UnzipOutcome =
  | { ok: true; files: ZippedFile[]; skipped: string[] }
  | { ok: false; reason: 'too-many-entries' | 'too-large' | 'unreadable'; detail: string };

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_SIGNATURE = [0x50, 0x4b, 0x05, 0x06];

/** Whether the bytes start as a zip archive does (a local file header, or an empty archive's end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  const starts = (signature: number[]): boolean => signature.every((byte, index) => bytes[index] === byte);
  return starts(ZIP_SIGNATURE) || starts(EMPTY_ZIP_SIGNATURE);
}

class ZipLimitExceeded extends Error {
  constructor(readonly reason: 'too-many-entries' | 'too-large', message: string) {
    super(message);
  }
}

/**
 * Takes the `.xml` entries out of a zip attachment (suppliers sometimes zip their EnvioDTE), with a
 * zip-bomb guard: the archive may list at most `maxEntries` entries and the entries taken may declare
 * at most `maxTotalBytes` uncompressed in all. fflate expands each entry into a buffer of its declared
 * size and never grows it, so an entry that lies about its size comes out cut short (and then fails
 * to parse) instead of filling memory. Other entries (folders, PDFs, nested zips) are named in
 * `skipped`. Pure; never throws.
 */
export function unzipXmlFiles(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): UnzipOutcome {
  let entries = 0;
  let total = 0;
  const skipped: string[] = [];
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        if (entries > limits.maxEntries) {
          throw new ZipLimitExceeded('too-many-entries', `The zip lists more than ${limits.maxEntries} entries.`);
        }
        if (!/\.xml$/i.test(file.name) || file.name.endsWith('/')) {
          skipped.push(file.name);
          return false;
        }
        total += file.originalSize;
        if (total > limits.maxTotalBytes) {
          throw new ZipLimitExceeded('too-large', `The zip's XML entries expand to more than ${limits.maxTotalBytes} bytes.`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ZipLimitExceeded) return { ok: false, reason: error.reason, detail: error.message };
    return { ok: false, reason: 'unreadable', detail: `The zip cannot be read: ${error instanceof Error ? error.message : String(error)}.` };
  }
  const files = Object.entries(unzipped).map(([name, content]) => ({ name, bytes: content }));
  return { ok: true, files, skipped };
}
