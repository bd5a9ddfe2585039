/**
 * Says why a suite or test is skipped. Vitest prints a skipped test's name but no reason, so every
 * `skipIf` goes through this: when `reason` is set, it writes "Skipping <what>: <reason>" on stderr,
 * which vitest shows with the file, and returns true.
 */
export function skipping(what: string, reason: string | undefined | false): boolean {
  if (reason === undefined || reason === false || reason === '') return false;
  console.warn(`Skipping ${what}: ${reason}`);
  return true;
}

/** The reason the XML tools are missing, for `skipping`: undefined when both are installed. */
export function xmlToolsMissing(available: boolean): string | undefined {
  return available ? undefined : 'xmlsec1 or xmllint is not installed (Debian xmlsec1, libxml2-utils)';
}
