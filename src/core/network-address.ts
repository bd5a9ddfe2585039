/**
 * Which IP addresses a webhook may be sent to. A callback URL is chosen by the caller, so without a
 * check any issuer could make the service POST to its own network: the database, Redis, a cloud's
 * metadata service. Only public unicast addresses are allowed; the rest are named by what they are.
 * Pure: it reads address text, it resolves nothing (the notifier resolves, then asks here).
 */

/** What a refused address is. */
export type ForbiddenKind = 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

/** A refused address: its kind, and a phrase that names it in a sentence ("a loopback address"). */
export interface ForbiddenAddress {
  kind: ForbiddenKind;
  description: string;
}

interface Range {
  /** The network, as the address's 16-bit groups (IPv4 as two groups). */
  groups: readonly number[];
  bits: number;
  kind: ForbiddenKind;
  description: string;
}

const V4_RANGES: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified', 'an unspecified ("this network") address'),
  v4('10.0.0.0', 8, 'private', 'a private address'),
  v4('100.64.0.0', 10, 'private', 'a shared (carrier-grade NAT) address'),
  v4('127.0.0.0', 8, 'loopback', 'a loopback address'),
  v4('169.254.169.254', 32, 'metadata', "a cloud provider's metadata address"),
  v4('169.254.0.0', 16, 'link-local', 'a link-local address'),
  v4('172.16.0.0', 12, 'private', 'a private address'),
  v4('192.0.0.0', 24, 'reserved', 'a reserved address'),
  v4('192.168.0.0', 16, 'private', 'a private address'),
  v4('198.18.0.0', 15, 'reserved', 'a reserved (benchmarking) address'),
  v4('224.0.0.0', 4, 'multicast', 'a multicast address'),
  v4('240.0.0.0', 4, 'reserved', 'a reserved address'),
];

const V6_RANGES: readonly Range[] = [
  v6('::', 128, 'unspecified', 'the unspecified address'),
  v6('::1', 128, 'loopback', 'a loopback address'),
  v6('fd00:ec2::254', 128, 'metadata', "a cloud provider's metadata address"),
  v6('64:ff9b:1::', 48, 'private', 'a local-use NAT64 address'),
  v6('100::', 64, 'reserved', 'a discard-only address'),
  v6('fc00::', 7, 'private', 'a private (unique local) address'),
  v6('fe80::', 10, 'link-local', 'a link-local address'),
  v6('fec0::', 10, 'private', 'a private (site-local) address'),
  v6('ff00::', 8, 'multicast', 'a multicast address'),
];

/** IPv6 prefixes that carry an IPv4 address, which decides: mapped, compatible, NAT64 and 6to4. */
const EMBEDDING: ReadonlyArray<{ prefix: Range; at: number; name: string }> = [
  { prefix: v6('::ffff:0:0', 96, 'reserved', ''), at: 6, name: 'IPv4-mapped' },
  { prefix: v6('::', 96, 'reserved', ''), at: 6, name: 'IPv4-compatible' },
  { prefix: v6('64:ff9b::', 96, 'reserved', ''), at: 6, name: 'NAT64' },
  { prefix: v6('2002::', 16, 'reserved', ''), at: 1, name: '6to4' },
];

/**
 * The address's kind when a webhook must not go there, or undefined for a public address and for
 * text that is not an IP address (a host name: resolve it, then ask for each address).
 */
export function forbiddenAddress(address: string): ForbiddenAddress | undefined {
  const v4Groups = parseIpv4(address);
  if (v4Groups !== undefined) return match(v4Groups, V4_RANGES);
  const groups = parseIpv6(address);
  if (groups === undefined) return undefined;
  const direct = match(groups, V6_RANGES);
  if (direct !== undefined) return direct;
  for (const embedding of EMBEDDING) {
    if (!within(groups, embedding.prefix)) continue;
    const embedded = match(groups.slice(embedding.at, embedding.at + 2), V4_RANGES);
    return embedded === undefined ? undefined : { kind: embedded.kind, description: `${embedded.description} (${embedding.name})` };
  }
  return undefined;
}

/** Whether the text is an IPv4 or IPv6 address (IPv6 with or without brackets and zone). */
export function isIpAddress(text: string): boolean {
  return parseIpv4(text) !== undefined || parseIpv6(text) !== undefined;
}

/** Whether a refused address may still be used when private addresses are allowed for local use. */
export function allowedForLocalUse(forbidden: ForbiddenAddress): boolean {
  return forbidden.kind !== 'metadata';
}

function match(groups: readonly number[], ranges: readonly Range[]): ForbiddenAddress | undefined {
  const range = ranges.find((candidate) => within(groups, candidate));
  return range === undefined ? undefined : { kind: range.kind, description: range.description };
}

/** Whether the first `range.bits` bits of `groups` are the range's. */
function within(groups: readonly number[], range: Range): boolean {
  for (let bit = 0; bit < range.bits; bit += 16) {
    const index = bit / 16;
    const width = Math.min(16, range.bits - bit);
    const mask = (0xffff << (16 - width)) & 0xffff;
    if (((groups[index] ?? 0) & mask) !== ((range.groups[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** Dotted decimal IPv4 as two 16-bit groups; undefined for anything else. */
function parseIpv4(text: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  const [a, b, c, d] = octets as [number, number, number, number];
  return [(a << 8) | b, (c << 8) | d];
}

/** IPv6 (brackets and zone allowed, a dotted IPv4 tail too) as eight 16-bit groups. */
function parseIpv6(text: string): number[] | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!bare.includes(':') || !/^[0-9a-fA-F:.]+$/.test(bare)) return undefined;
  const halves = bare.split('::');
  if (halves.length > 2) return undefined;
  const parts = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const tail = parseIpv4(piece);
        if (tail === undefined) return undefined;
        groups.push(...tail);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = parts(halves[0]);
  const tail = parts(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing < 1 ? undefined : [...head, ...Array<number>(missing).fill(0), ...tail];
}

function v4(network: string, bits: number, kind: ForbiddenKind, description: string): Range {
  return { groups: parseIpv4(network)!, bits, kind, description };
}

function v6(network: string, bits: number, kind: ForbiddenKind, description: string): Range {
  return { groups: parseIpv6(network)!, bits, kind, description };
}
