/**
 * The SII environments a company sends to: the local SII (src/sii-sim), certificación (maullin) and
 * producción (palena). They differ only in host; the paths, WSDLs and answers are the same.
 */
export const SII_ENVIRONMENTS = ['local', 'certificacion', 'produccion'] as const;

/** One of SII_ENVIRONMENTS. */
export type SiiEnvironment = (typeof SII_ENVIRONMENTS)[number];

/** The SII's own environments, those with a host and certificates of the SII. */
export type RealSiiEnvironment = Exclude<SiiEnvironment, 'local'>;

/** Whether a text names an environment. */
export function isSiiEnvironment(text: string): text is SiiEnvironment {
  return (SII_ENVIRONMENTS as readonly string[]).includes(text);
}
