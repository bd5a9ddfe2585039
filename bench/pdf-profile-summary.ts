/**
 * Summarises a V8 CPU profile (`node --cpu-prof` writes one) as text: where the samples under a
 * function (`--under renderPdf`, by default every sample) spent their own time, by package or source
 * folder and by function. `npx tsx bench/pdf-profile-summary.ts <file.cpuprofile> [--under name] [--top n]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a summary shows: milliseconds of own time by place and by function, of the samples counted. */
export interface ProfileSummary {
  countedMs: number;
  totalMs: number;
  byPlace: Array<{ name: string; ms: number }>;
  byFunction: Array<{ name: string; ms: number }>;
}

/** Where a frame's code lives: an npm package, a folder of ours, Node itself, or V8's own entries. */
function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch !== null) return packageMatch[1]!;
  if (url.startsWith('node:')) return url;
  const ours = /\/((?:src|bench|test)\/(?:[^/]+\/)*)[^/]*$/.exec(url);
  return ours !== null ? ours[1]! : url;
}

/** A frame's file and line, for telling apart functions of one name (line 1 when a transpiler kept no lines). */
function fileOf(url: string, lineNumber: number): string {
  return ` ${url.slice(url.lastIndexOf('/') + 1)}:${lineNumber + 1}`;
}

/** Reads a profile and sums own time, counting only samples with `under` on their stack when given. */
export function summariseProfile(profile: CpuProfile, under?: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const insideCache = new Map<number, boolean>();
  const inside = (id: number): boolean => {
    if (under === undefined) return true;
    const known = insideCache.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const above = parent.get(id);
    const result = node.callFrame.functionName === under || (above !== undefined && inside(above));
    insideCache.set(id, result);
    return result;
  };
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let counted = 0;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const microseconds = profile.timeDeltas[index + 1] ?? 0;
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName !== '(idle)') total += microseconds;
    if (!inside(id) || functionName === '(idle)') return;
    counted += microseconds;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + microseconds);
    const name = `${functionName || '(anonymous)'} ${place}${url === '' ? '' : fileOf(url, lineNumber)}`;
    functions.set(name, (functions.get(name) ?? 0) + microseconds);
  });
  const sorted = (map: Map<string, number>): Array<{ name: string; ms: number }> =>
    [...map].map(([name, microseconds]) => ({ name, ms: microseconds / 1000 })).sort((left, right) => right.ms - left.ms);
  return { countedMs: counted / 1000, totalMs: total / 1000, byPlace: sorted(places), byFunction: sorted(functions) };
}

/** The summary as the text kept under bench/profiles. */
export function formatSummary(summary: ProfileSummary, top: number, under?: string): string {
  const share = (ms: number): string => `${((100 * ms) / summary.countedMs).toFixed(1).padStart(5)} %`;
  const lines = [
    `${under === undefined ? 'All samples' : `Samples under ${under}`}: ${summary.countedMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms not idle.`,
    '',
    'Own time by package or folder:',
    ...summary.byPlace.slice(0, top).map((entry) => `${share(entry.ms)}  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}`),
    '',
    'Own time by function:',
    ...summary.byFunction.slice(0, top).map((entry) => `${share(entry.ms)}  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}`),
  ];
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('pdf-profile-summary.ts')) {
  const [file, ...rest] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: tsx bench/pdf-profile-summary.ts <file.cpuprofile> [--under functionName] [--top n]');
    process.exit(2);
  }
  const option = (name: string): string | undefined => {
    const index = rest.indexOf(name);
    return index < 0 ? undefined : rest[index + 1];
  };
  const under = option('--under');
  const top = Number(option('--top') ?? 20);
  console.log(formatSummary(summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, under), top, under));
}
