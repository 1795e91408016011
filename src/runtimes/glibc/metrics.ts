import type { MetricInfo, RetainedPart } from '../runtime.js';

/**
 * glibc's own account of its heap (mallinfo2), which runners on glibc report at every mark: where the
 * memory a process keeps sits (free chunks a trim would return, or chunks in use). Left out when another
 * allocator is preloaded: glibc's figures would then describe its unused arena.
 */
export const GLIBC_METRICS: Readonly<Record<string, MetricInfo>> = {
  malloc_heap: { label: 'glibc heap', description: 'glibc mallinfo2().arena: heap bytes glibc holds from the kernel (in-process)' },
  malloc_free: { label: 'glibc free', description: 'glibc mallinfo2().fordblks: free bytes inside that heap, resident until trimmed (in-process)' },
  malloc_mmap: { label: 'glibc mmapped', description: 'glibc mallinfo2().hblkhd: bytes in chunks glibc mmapped (in-process)' },
};


/**
 * What glibc's account says of retained memory: the free chunks it holds on to since the first mark.
 * Where the cell's strategy calls malloc_trim(0) (`actions`: every release action its plan applies),
 * their pages were given back already: free chunks then hold nothing resident and are not named.
 */
export function glibcParts(first: Readonly<Partial<Record<string, number>>>, settled: Readonly<Partial<Record<string, number>>>, actions: readonly string[]): RetainedPart[] {
  const before = first.malloc_free;
  const after = settled.malloc_free;
  if (before === undefined || after === undefined || actions.includes('malloc_trim')) return [];
  return [{ what: "free chunks inside glibc's heap", mib: after - before, fix: 'malloc_trim(0) would return them', upTo: true }];
}
