/**
 * PDF417 data compaction (ISO/IEC 15438 §5.4): bytes to data codewords, in the fewest codewords that
 * text compaction and byte compaction together allow.
 *
 * Text compaction packs two values of 0–29 in a codeword, in four submodes (upper case, lower case,
 * mixed: digits and some punctuation, punctuation) joined by latches and one-character shifts; byte
 * compaction packs 6 bytes in 5 codewords (one byte a codeword for the last 1–5 of a run), and a byte
 * text cannot hold is shifted into text compaction alone (913). A TED is XML with base64 in it, which
 * text compaction holds in about 10 % fewer codewords than bytes alone; the shortest mix of the two is
 * found by a shortest path over the bytes (below), so nothing is left to a rule of thumb.
 * Numeric compaction is not used: it beats text compaction only on runs of about 13 digits or more,
 * and a TED has none (its longest are the 8 digits of a RUT and the dates).
 */

/** The text submodes, in the order of the tables below: upper case, lower case, mixed, punctuation. */
const ALPHA = 0;
const LOWER = 1;
const PUNCTUATION = 3;

/** The characters of each text submode, by value; a space is value 26 of the first three. */
const SUBMODE_CHARACTERS = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ ',
  'abcdefghijklmnopqrstuvwxyz ',
  '0123456789&\r\t,:#-.$/+%*=^\u0000 ',
  ';<>@[\\]_`~!\r\t,:\n-.$/"|*()?{}\'',
];

/** Value 29 of every submode but punctuation: shift to punctuation for one character (ps); also the pad. */
const SHIFT_PUNCTUATION = 29;
/** Value 27 of lower case: shift to upper case for one character (as). */
const SHIFT_ALPHA = 27;

/** The values that latch from one submode to another (ll 27, ml 28, al 28 or 29, pl 25). */
const LATCHES: readonly (readonly (readonly number[])[])[] = [
  [[], [27], [28], [28, 25]],
  [[28, 28], [], [28], [28, 25]],
  [[28], [27], [], [25]],
  [[29], [29, 27], [29, 28], []],
];

/** Mode codewords. */
const LATCH_TEXT = 900;
const LATCH_BYTE = 901;
const LATCH_BYTE_SIX = 924;
const SHIFT_BYTE = 913;

/** For each byte, its value in each submode, or −1. */
const TEXT_VALUES: Int8Array = (() => {
  const values = new Int8Array(256 * 4).fill(-1);
  SUBMODE_CHARACTERS.forEach((characters, submode) => {
    for (let value = 0; value < characters.length; value += 1) {
      const code = characters.charCodeAt(value);
      if (code !== 0) values[code * 4 + submode] = value;
    }
  });
  return values;
})();

/*
 * The search's states: text compaction in a submode with an even or odd count of values so far in
 * the current codeword run (states 0–7, submode × 2 + parity), or byte compaction with the run's
 * length modulo 6 (states 8–13). Costs are in half codewords: a text value is one, a codeword two.
 */
const BYTE_STATE = 8;
const STATES = 14;

/** How a byte was reached: by a value of a submode, by a shift within text, or as a byte. */
const DIRECT = 0;
const SHIFTED_PUNCTUATION = 1;
const SHIFTED_ALPHA = 2;
const SHIFTED_BYTE = 3;
const AS_BYTE = 4;

const UNREACHED = 0x3fffffff;

/** The data codewords (without the length descriptor) of `bytes`; the symbol starts in text compaction, upper case. */
export function compact(bytes: Uint8Array): number[] {
  return emit(bytes, shortestPath(bytes));
}

/** The path found: the state after each byte (index 0: before the first) and how each byte was written. */
interface Steps {
  states: Int8Array;
  kinds: Int8Array;
}

/** For each byte, the submodes that hold it, as bits (1 upper case, 2 lower case, 4 mixed, 8 punctuation). */
const SUBMODE_MASKS: Uint8Array = Uint8Array.from({ length: 256 }, (_, byte) => {
  let mask = 0;
  for (let submode = 0; submode < 4; submode += 1) if (TEXT_VALUES[byte * 4 + submode]! >= 0) mask |= 1 << submode;
  return mask;
});

/**
 * The moves that write one more byte, for each submode mask and state (MOVES[mask × STATES + state]),
 * as triples: the state reached, the cost added, how. What a byte allows depends only on which
 * submodes hold it, so the moves are worked out once, here, and the search only adds costs.
 */
const MOVES: readonly Int16Array[] = Array.from({ length: 16 * STATES }, (_, index) => Int16Array.from(movesFrom(index % STATES, Math.floor(index / STATES))));

function movesFrom(state: number, mask: number): number[] {
  const moves: number[] = [];
  const inText = (submode: number, parity: number, cost: number): void => {
    for (let target = 0; target < 4; target += 1) {
      if ((mask & (1 << target)) === 0) continue;
      // Latch there (if not there already), then the byte's value.
      const values = LATCHES[submode]![target]!.length + 1;
      moves.push(target * 2 + ((parity + values) & 1), cost + values, DIRECT);
    }
  };
  if (state >= BYTE_STATE) {
    const run = state - BYTE_STATE;
    // Five of every six bytes of a run cost a codeword: six bytes take five.
    moves.push(BYTE_STATE + ((run + 1) % 6), run === 5 ? 0 : 2, AS_BYTE);
    // Latch back to text (900): upper case, on a codeword boundary.
    inText(ALPHA, 0, 2);
    return moves;
  }
  const submode = state >> 1;
  const parity = state & 1;
  inText(submode, parity, 0);
  if (submode !== PUNCTUATION && (mask & (1 << PUNCTUATION)) !== 0) moves.push(state, 2, SHIFTED_PUNCTUATION);
  if (submode === LOWER && (mask & (1 << ALPHA)) !== 0) moves.push(state, 2, SHIFTED_ALPHA);
  // 913 and the byte, two codewords, between two codewords of the run.
  if (parity === 0) moves.push(state, 4, SHIFTED_BYTE);
  // Pad the run to a whole codeword, latch (901 or 924), then the byte.
  moves.push(BYTE_STATE + 1, parity + 4, AS_BYTE);
  return moves;
}

/** The cheapest way through the bytes: dynamic programming over the states, the cheapest move kept to each. */
function shortestPath(bytes: Uint8Array): Steps {
  const length = bytes.length;
  let cost = new Int32Array(STATES).fill(UNREACHED);
  let next = new Int32Array(STATES);
  cost[ALPHA * 2] = 0;
  // For each position (bytes written) and state: the state before × 8 + how it was reached.
  const trace = new Uint8Array((length + 1) * STATES);
  for (let position = 0; position < length; position += 1) {
    next.fill(UNREACHED);
    const base = (position + 1) * STATES;
    const movesOfMask = SUBMODE_MASKS[bytes[position]!]! * STATES;
    for (let state = 0; state < STATES; state += 1) {
      const here = cost[state]!;
      if (here === UNREACHED) continue;
      const moves = MOVES[movesOfMask + state]!;
      for (let move = 0; move < moves.length; move += 3) {
        const to = moves[move]!;
        const total = here + moves[move + 1]!;
        if (total >= next[to]!) continue;
        next[to] = total;
        trace[base + to] = state * 8 + moves[move + 2]!;
      }
    }
    const swap = cost;
    cost = next;
    next = swap;
  }
  let state = 0;
  let best = UNREACHED;
  for (let candidate = 0; candidate < STATES; candidate += 1) {
    // A text run that ends on an odd count of values is padded to a whole codeword.
    const total = cost[candidate]! + (candidate < BYTE_STATE ? candidate & 1 : 0);
    if (total < best) [best, state] = [total, candidate];
  }
  const states = new Int8Array(length + 1);
  const kinds = new Int8Array(length + 1);
  for (let position = length; position > 0; position -= 1) {
    states[position] = state;
    const step = trace[position * STATES + state]!;
    kinds[position] = step & 7;
    state = step >> 3;
  }
  states[0] = state;
  return { states, kinds };
}

/** Writes the codewords of the path. */
function emit(bytes: Uint8Array, { states, kinds }: Steps): number[] {
  const codewords: number[] = [];
  let values: number[] = [];
  let run: number[] = [];
  let submode = ALPHA;
  let inBytes = false;
  const endText = (): void => {
    if (values.length % 2 === 1) values.push(SHIFT_PUNCTUATION);
    for (let index = 0; index < values.length; index += 2) codewords.push(values[index]! * 30 + values[index + 1]!);
    values = [];
  };
  const endBytes = (): void => {
    codewords.push(run.length % 6 === 0 ? LATCH_BYTE_SIX : LATCH_BYTE);
    byteCodewords(run, codewords);
    run = [];
  };
  for (let position = 0; position < bytes.length; position += 1) {
    const byte = bytes[position]!;
    const kind = kinds[position + 1]!;
    if (kind === AS_BYTE) {
      if (!inBytes) endText();
      inBytes = true;
      run.push(byte);
      continue;
    }
    if (inBytes) {
      endBytes();
      codewords.push(LATCH_TEXT);
      inBytes = false;
      submode = ALPHA;
    }
    if (kind === SHIFTED_BYTE) {
      endText();
      codewords.push(SHIFT_BYTE, byte);
    } else if (kind === SHIFTED_PUNCTUATION) {
      values.push(SHIFT_PUNCTUATION, TEXT_VALUES[byte * 4 + PUNCTUATION]!);
    } else if (kind === SHIFTED_ALPHA) {
      values.push(SHIFT_ALPHA, TEXT_VALUES[byte * 4 + ALPHA]!);
    } else {
      const target = states[position + 1]! >> 1;
      values.push(...LATCHES[submode]![target]!, TEXT_VALUES[byte * 4 + target]!);
      submode = target;
    }
  }
  if (inBytes) endBytes();
  else endText();
  return codewords;
}

/** Byte compaction of a run: each 6 bytes as 5 base-900 digits, then the last 1–5 bytes one a codeword. */
function byteCodewords(run: readonly number[], codewords: number[]): void {
  let index = 0;
  for (; index + 6 <= run.length; index += 6) {
    let value = 0;
    for (let offset = 0; offset < 6; offset += 1) value = value * 256 + run[index + offset]!;
    const digits = [0, 0, 0, 0, 0];
    for (let digit = 4; digit >= 0; digit -= 1) {
      digits[digit] = value % 900;
      value = Math.floor(value / 900);
    }
    codewords.push(...digits);
  }
  for (; index < run.length; index += 1) codewords.push(run[index]!);
}
