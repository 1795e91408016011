import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseCgroupLimit,
  parseChildren,
  parseOomKills,
  parseProcCgroup,
  parseSmapsRollupPss,
  parseStatm,
  parseStatus,
} from '../../src/samplers/proc-parse.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/proc/${name}`, import.meta.url), 'utf8');

describe('/proc parsers (captured from a live `sleep`)', () => {
  it('reads the kB fields of status as bytes', () => {
    expect(parseStatus(fixture('status.txt'))).toEqual({
      vmRss: 1736 * 1024,
      rssAnon: 108 * 1024,
      rssFile: 1628 * 1024,
      rssShmem: 0,
      vmHwm: 1736 * 1024,
    });
  });

  it('reads a kernel thread status (no Vm fields) as zeros', () => {
    expect(parseStatus('Name:\tkthreadd\nState:\tS (sleeping)\n')).toEqual({ vmRss: 0, rssAnon: 0, rssFile: 0, rssShmem: 0, vmHwm: 0 });
  });

  it('reads statm pages with the page size: resident - shared is psutil rss - shared', () => {
    const s = parseStatm(fixture('statm.txt'), 4096);
    expect(s).toEqual({ resident: 434 * 4096, shared: 407 * 4096 });
    expect(s.resident - s.shared).toBe(27 * 4096);
    // statm's shared is file + shmem pages, so private matches RssAnon (to the page)
    expect(s.resident - s.shared).toBeCloseTo(108 * 1024, -4);
  });

  it('rejects a statm it does not understand', () => {
    expect(() => parseStatm('garbage', 4096)).toThrow(/unexpected statm/);
  });

  it('reads Pss from smaps_rollup, not SwapPss', () => {
    expect(parseSmapsRollupPss(fixture('smaps_rollup.txt'))).toBe(622 * 1024);
    expect(() => parseSmapsRollupPss('Rss: 1 kB\n')).toThrow(/Pss/);
  });

  it('reads children lists', () => {
    expect(parseChildren('12 345 6789 \n')).toEqual([12, 345, 6789]);
    expect(parseChildren('')).toEqual([]);
  });

  it('finds the memory controller in cgroup v1 and the unified entry in v2', () => {
    const v1 = parseProcCgroup(fixture('cgroup-v1.txt'));
    expect(v1.find((e) => e.controllers.includes('memory'))?.path).toMatch(/^\//);
    expect(parseProcCgroup(fixture('cgroup-v2.txt'))).toEqual([{ hierarchy: 0, controllers: [], path: '/user.slice/user-1000.slice/session-3.scope' }]);
  });

  it('treats "max" and the v1 unlimited value as no limit', () => {
    expect(parseCgroupLimit('max\n')).toBeNull();
    expect(parseCgroupLimit('9223372036854771712\n')).toBeNull();
    expect(parseCgroupLimit('4294967296\n')).toBe(4294967296);
  });

  it('reads the oom_kill counter of vmstat', () => {
    expect(parseOomKills(fixture('vmstat.txt'))).toBe(0);
    expect(parseOomKills('pgfault 1\n')).toBeNull();
  });
});
