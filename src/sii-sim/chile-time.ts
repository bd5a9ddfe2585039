/**
 * The SII stamps its answers in Chilean local time: RECEPCIONDTE's TIMESTAMP (`2002-11-25 18:51:44`)
 * and NUM_ATENCION (`532 ( 2004/06/14 16:44:20)`).
 */
const santiago = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'America/Santiago',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The parts of an instant in Chile. */
function partsInChile(instant: Date): Record<string, string> {
  return Object.fromEntries(santiago.formatToParts(instant).map((part) => [part.type, part.value]));
}

/** `YYYY-MM-DD HH:MM:SS` in Chile, as RECEPCIONDTE's TIMESTAMP. */
export function chileTimestamp(instant: Date): string {
  const parts = partsInChile(instant);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `YYYY/MM/DD HH:MM:SS` in Chile, as the time inside NUM_ATENCION. */
export function chileAttentionTime(instant: Date): string {
  return chileTimestamp(instant).replaceAll('-', '/');
}
