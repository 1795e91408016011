import type { Mapping } from './smaps.js';

/** Where resident memory sits, by kind; the order is the table's. */
export const REGION_KINDS = [
  'brk heap',
  'glibc arenas',
  'thread stacks',
  'other anonymous',
  'model weights (files)',
  'shared libraries',
  'other files',
  'shared memory',
  'main stack',
] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

export interface Region {
  kind: RegionKind;
  /** Resident bytes. */
  rss: number;
  /** Of them, in transparent huge pages. */
  hugepages: number;
  mappings: number;
  /** For files: the biggest by resident bytes (name and bytes), at most 5. */
  files: { path: string; rss: number }[];
}

/** glibc's non-main arenas: heaps of HEAP_MAX_SIZE (64 MiB on 64-bit) mapped at an address aligned to it. */
const ARENA_ALIGN = 64n * 1024n * 1024n;
const WEIGHTS = /\.(safetensors|bin|onnx|pt|pth|ckpt|gguf|ggml|h5|msgpack|npz|npy|tflite|engine|plan)$/i;
const LIBRARY = /\.so(\.\d+)*$/;
const SHMEM = /^(\/dev\/shm\/|\/memfd:|\/SYSV|\/dev\/zero)/;

/** The kind of one mapping; `prev` is the mapping just below it (a guard page says "thread stack"). */
export function kindOf(m: Mapping, prev: Mapping | undefined, arenaStarts: ReadonlySet<bigint>): RegionKind {
  if (m.path === '[heap]') return 'brk heap';
  if (m.path === '[stack]') return 'main stack';
  if (m.path.startsWith('[')) return 'other anonymous'; // [vdso], [vvar], [anon:...]
  if (m.path === '') {
    // A heap of a glibc arena starts at a 64 MiB boundary; what follows it up to the next boundary is its reserve.
    if (arenaStarts.has(m.start - (m.start % ARENA_ALIGN))) return 'glibc arenas';
    // pthread stacks: a read-write mapping right above a guard page of no access.
    if (prev && prev.end === m.start && prev.perms.startsWith('---') && prev.path === '' && m.perms.startsWith('rw')) return 'thread stacks';
    return 'other anonymous';
  }
  if (SHMEM.test(m.path)) return 'shared memory';
  const file = m.path.replace(/ \(deleted\)$/, '');
  if (WEIGHTS.test(file)) return 'model weights (files)';
  if (LIBRARY.test(file)) return 'shared libraries';
  return 'other files';
}

/** Resident memory by kind, over the mappings of one or more processes. */
export function regionsOf(mappings: readonly Mapping[]): Region[] {
  // Arena heaps begin at 64 MiB boundaries and are read-write there (a glibc heap_info header).
  const arenaStarts = new Set(mappings.filter((m) => m.path === '' && m.start % ARENA_ALIGN === 0n && m.perms.startsWith('rw')).map((m) => m.start));
  const by = new Map<RegionKind, Region>(REGION_KINDS.map((k) => [k, { kind: k, rss: 0, hugepages: 0, mappings: 0, files: [] }]));
  const files = new Map<RegionKind, Map<string, number>>();
  mappings.forEach((m, i) => {
    const kind = kindOf(m, mappings[i - 1], arenaStarts);
    const r = by.get(kind)!;
    r.rss += m.rss;
    r.hugepages += m.anonHuge;
    r.mappings += 1;
    if (m.path && !m.path.startsWith('[')) {
      const f = files.get(kind) ?? new Map<string, number>();
      f.set(m.path, (f.get(m.path) ?? 0) + m.rss);
      files.set(kind, f);
    }
  });
  for (const [kind, f] of files) {
    by.get(kind)!.files = [...f.entries()].filter(([, rss]) => rss > 0).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([path, rss]) => ({ path, rss }));
  }
  return [...by.values()];
}
