/**
 * Release actions that call into a preloaded allocator, and the library each needs: a process without
 * it fails the action (and its cell) rather than doing nothing. Strategies that use one preload it.
 */
export const ALLOCATOR_ACTIONS: Readonly<Record<string, string>> = {
  jemalloc_purge: 'libjemalloc.so.2',
  tcmalloc_release_free_memory: 'libtcmalloc_minimal.so.4',
};
