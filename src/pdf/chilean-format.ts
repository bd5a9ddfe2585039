/**
 * Numbers, RUTs and dates written the Chilean way on a printed document: `.` between thousands, `,`
 * before decimals, RUTs with their dots (as the Manual de muestras impresas asks in the recuadro),
 * dates day first. Values come as the XML wrote them; one that is not of the expected form is printed
 * as written rather than guessed at.
 */

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A decimal as written in the XML (`1937.25`, `30276.00`) in Chilean form (`1.937,25`, `30.276`). */
export function formatNumber(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return text;
  const [, sign, whole, fraction] = match;
  const decimals = (fraction ?? '').replace(/0+$/, '');
  return `${sign}${groupThousands(whole!.replace(/^0+(?=\d)/, ''))}${decimals === '' ? '' : `,${decimals}`}`;
}

/** An amount in pesos with its sign: `$ 1.937`. */
export function formatPesos(text: string): string {
  return `$ ${formatNumber(text)}`;
}

/** A RUT with its thousands separators: `76192083-9` → `76.192.083-9`. */
export function formatRut(text: string): string {
  const match = /^0*(\d{1,8})-([\dkK])$/.exec(text.trim().replace(/\./g, ''));
  return match === null ? text : `${groupThousands(match[1]!)}-${match[2]!.toUpperCase()}`;
}

/** A date `YYYY-MM-DD` as `DD-MM-YYYY`. */
export function formatDate(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return match === null ? text : `${match[3]}-${match[2]}-${match[1]}`;
}

/** A date `YYYY-MM-DD` in words: `20 de noviembre de 2026`. */
export function formatLongDate(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const month = match === null ? undefined : MONTHS[Number(match[2]) - 1];
  return match === null || month === undefined ? text : `${Number(match[3])} de ${month} de ${match[1]}`;
}

/** The year of a date `YYYY-MM-DD`, or the text as written. */
export function yearOf(text: string): string {
  return /^(\d{4})-\d{2}-\d{2}$/.exec(text.trim())?.[1] ?? text;
}
