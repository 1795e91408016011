import { describe, expect, it } from 'vitest';
import { cellEnvironment } from '../../src/orchestrator/cell-env.js';
import { strategy } from '../../src/strategies/strategy.js';

describe('cell environment', () => {
  it("drops the user's allocator variables, then adds the strategy's and LD_PRELOAD", () => {
    const s = strategy({ name: 'x', description: '', env: { MALLOC_ARENA_MAX: '2' } });
    const base = { PATH: '/bin', MALLOC_TRIM_THRESHOLD_: '0', LD_PRELOAD: '/x.so', GLIBC_TUNABLES: 'a=1', HOME: '/root' };
    const e = cellEnvironment(s, ['/usr/lib/libjemalloc.so.2'], { PYTHONUNBUFFERED: '1' }, base);
    expect(e.env).toEqual({ PATH: '/bin', HOME: '/root', PYTHONUNBUFFERED: '1', MALLOC_ARENA_MAX: '2', LD_PRELOAD: '/usr/lib/libjemalloc.so.2' });
    expect(e.dropped.sort()).toEqual(['GLIBC_TUNABLES', 'LD_PRELOAD', 'MALLOC_TRIM_THRESHOLD_']);
    expect(e.strategyEnv).toEqual({ MALLOC_ARENA_MAX: '2', LD_PRELOAD: '/usr/lib/libjemalloc.so.2' });
  });
});
