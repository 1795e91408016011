import path from 'node:path';
import { STRATEGIES } from '../strategies/catalogue.js';
import { textTable } from '../tables/render.js';
import { howToApply } from './apply.js';
import { pick, tolerance, type Standing } from './standing.js';

const fmt = (v: number | undefined, d = 1) => (v === undefined ? '-' : v.toFixed(d));

/** How much a strategy changes about the process: a preloaded allocator, a process of its own. */
function intrusion(variant: string): number {
  const s = STRATEGIES.find((x) => x.name === variant);
  if (!s) return 0;
  return (s.preload.length ? 1 : 0) + (s.isolation !== 'in-process' ? 2 : 0);
}

/** What advise prints: the ranking, what was not tried, the pick and how to apply it. */
export function adviseReport(ranking: readonly Standing[], not: readonly { name: string; why: string }[], label: string, runtime: string, seconds: number | undefined, runDir: string): string {
  const rows = ranking.map((s) => [
    s.variant,
    `${s.retained.length}${s.failed ? ` (${s.failed} failed)` : ''}`,
    s.estimate.median === undefined ? '-' : `${fmt(s.estimate.median)}${s.estimate.lo !== undefined ? ` [${fmt(s.estimate.lo)}, ${fmt(s.estimate.hi)}]` : ''}`,
    fmt(s.reloadMs, 0),
    s.variant === 'del-gc' ? '(reference)' : s.vsReference,
  ]);
  const lines = [
    `reclaim advise ${label} (runtime ${runtime}): ${ranking.reduce((a, s) => a + s.runs, 0)} runs${seconds === undefined ? '' : ` in ${Math.round(seconds)} s`}; retained MiB after a reload and unload, median [interval], best first`,
    '',
    textTable({ header: ['strategy', 'runs', 'retained MiB', 'reload ms', 'vs del-gc'], rows }),
  ];
  if (not.length) lines.push('', `not tried here: ${not.map((n) => `${n.name} (${n.why})`).join('; ')}`);
  const chosen = pick(ranking, intrusion);
  if (!chosen) {
    lines.push('', 'No strategy is better than del-gc with 95% confidence here (too few runs, or none helps): run longer (--budget) or see the table.');
  } else {
    const { pick: winner, band, near, least, quickest } = chosen;
    const strategy = STRATEGIES.find((s) => s.name === winner.variant)!;
    lines.push(
      '',
      `As good in practice (better than del-gc with 95% confidence, within ${fmt(tolerance(ranking), 0)} MiB of the least retained, ${least.variant}'s ${fmt(least.estimate.median)}): ${band.map((s) => s.variant).join(', ')}.`,
      `Of those, reloading within twice the quickest's time and 100 ms (${quickest.variant}, ${fmt(quickest.reloadMs, 0)} ms): ${near.map((s) => s.variant).join(', ')}; the least intrusive of them (no preloaded library or extra process), then the least retained:`,
      `Pick: ${winner.variant}: ${strategy.description}. ${fmt(winner.estimate.median)} MiB retained against del-gc's ${fmt(ranking.find((s) => s.variant === 'del-gc')?.estimate.median)}; reload ${fmt(winner.reloadMs, 0)} ms.`,
      'How to apply it:',
      ...howToApply(strategy).map((l) => `  ${l}`),
    );
  }
  lines.push('', `results: ${runDir} (reclaim report ${runDir}; the scenario: ${path.join(runDir, 'advise.yaml')})`);
  return lines.join('\n');
}
