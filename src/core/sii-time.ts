/**
 * The SII's date-time fields (TmstFirma, TSTED, TmstFirmaEnv) are local Chilean time without an
 * offset, `YYYY-MM-DDTHH:MM:SS`. The instant comes in as an argument: the core reads no clock.
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

let lastSecond = Number.NaN;
let lastFormatted = '';

/**
 * Formats an instant as the SII's FechaHoraType in Chilean local time. The last second formatted is
 * remembered: a batch signed within one second formats once (Intl is slow next to the rest of issuing).
 */
export function formatSiiDateTime(instant: Date): string {
  const second = Math.floor(instant.getTime() / 1000);
  if (second === lastSecond) return lastFormatted;
  const parts = Object.fromEntries(santiago.formatToParts(instant).map((part) => [part.type, part.value]));
  lastFormatted = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  lastSecond = second;
  return lastFormatted;
}

/** The calendar date in Chile of an instant, YYYY-MM-DD. */
export function siiDate(instant: Date): string {
  return formatSiiDateTime(instant).slice(0, 10);
}

/** Whole months from one YYYY-MM-DD date to another, counting a month only once its day is reached. */
export function monthsBetween(from: string, to: string): number {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth, toDay] = to.split('-').map(Number) as [number, number, number];
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth);
  return toDay < fromDay ? months - 1 : months;
}
