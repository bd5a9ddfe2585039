import { formatSiiDateTime } from '../core/sii-time.ts';

/*
 * The SII stamps its answers in Chilean local time: RECEPCIONDTE's TIMESTAMP (`2002-11-25 18:51:44`)
 * and NUM_ATENCION (`532 ( 2004/06/14 16:44:20)`).
 */

/** `YYYY-MM-DD HH:MM:SS` in Chile, as RECEPCIONDTE's TIMESTAMP. */
export function chileTimestamp(instant: Date): string {
  return formatSiiDateTime(instant).replace('T', ' ');
}

/** `YYYY/MM/DD HH:MM:SS` in Chile, as the time inside NUM_ATENCION. */
export function chileAttentionTime(instant: Date): string {
  return chileTimestamp(instant).replaceAll('-', '/');
}
