/**
 * Randomness for the simulator: seeds, tokens and fault decisions all draw from one source, so a test
 * that passes a seed gets the same seeds, tokens and faults on every run.
 */

/** A source of numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * A seeded generator (mulberry32): small, fast and good enough to spread faults and identifiers.
 * It is not cryptographic; the simulator guards nothing of value.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` decimal digits, e.g. a seed `000004816123` (the SII's seeds have twelve). */
export function randomDigits(random: RandomSource, count: number): string {
  let digits = '';
  for (let index = 0; index < count; index += 1) digits += Math.floor(random() * 10).toString();
  return digits;
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A token shaped like the SII's (`XAuSbYXiNh9Ik`: thirteen letters and digits). */
export function randomToken(random: RandomSource, length = 13): string {
  let token = '';
  for (let index = 0; index < length; index += 1) token += TOKEN_ALPHABET.charAt(Math.floor(random() * TOKEN_ALPHABET.length));
  return token;
}

/** True with probability `rate` (0 never, 1 always), drawing one number either way so sequences stay aligned. */
export function chance(random: RandomSource, rate: number): boolean {
  const draw = random();
  return rate > 0 && draw < rate;
}
