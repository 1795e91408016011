import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { chartsForRun } from '../report/charts-for-run.js';
import { renderSvg } from '../report/render.js';
import { TREE_REFRESH_MS } from '../src/samplers/background.js';
import { METRIC_NAMES } from '../src/metrics/catalogue.js';
import { resetResidentPeaks } from '../src/samplers/peaks.js';
import { WatchedTree, THREAD_LIST_MS } from '../src/samplers/watched-tree.js';
import { toCsv } from '../src/store/csv.js';
import { loadAnalysedRun } from '../src/analysis/load.js';
import { startSleeper } from './sleeper.js';

export interface MicroResult {
  name: string;
  mean_us: number;
  p99_us: number;
  samples: number;
}

/** A sampler tick at 100 Hz: a read, plus its share of the tree refreshes (every TREE_REFRESH_MS, thread lists every THREAD_LIST_MS). */
export interface TickCost {
  threads: number;
  read_us: number;
  read_with_status_us: number;
  refresh_us: number;
  refresh_threads_us: number;
  amortized_us: number;
  amortized_with_status_us: number;
}

const TICK_MS = 10;

/**
 * tinybench over what the harness does while a runner runs (sampler ticks, a mark's reading) for
 * processes of 1, 8 and 64 threads with 2 children, and what it does after (CSV of 10^5 samples, charts
 * of a real run in `runDir`).
 */
export async function microBenchmarks(python: string, runDir: string): Promise<{ micro: MicroResult[]; ticks: TickCost[] }> {
  const bench = new Bench({ time: 500, warmupTime: 100 });
  const sleepers: { stop: () => void }[] = [];
  const names = new Map<number, { read: string; status: string; refresh: string; lists: string; mark: string }>();
  try {
    for (const threads of [1, 8, 64]) {
      const s = await startSleeper(python, threads, 2, threads === 1);
      sleepers.push(s);
      const tree = new WatchedTree(s.pid);
      tree.refresh(performance.now(), true);
      const of = `${threads} thread(s) + 2 children${threads === 1 ? ', torch' : ''}`;
      const n = {
        read: `sampler tick (statm), ${of}`,
        status: `sampler tick (statm + status), ${of}`,
        refresh: `tree refresh (children of each thread), ${of}`,
        lists: `tree refresh with thread lists, ${of}`,
        mark: `a mark's reading (tree, statm, status, stat, peak reset), ${of}`,
      };
      names.set(threads, n);
      bench.add(n.read, () => void tree.read({ pss: false, cgroup: null, statmOnly: true }));
      bench.add(n.status, () => void tree.read({ pss: false, cgroup: null }));
      bench.add(n.refresh, () => void tree.refresh(0));
      bench.add(n.lists, () => void tree.refresh(0, true));
      bench.add(n.mark, () => {
        tree.refresh(0, true);
        tree.read({ pss: false, cgroup: null });
        resetResidentPeaks(tree.pids());
      });
      if (threads === 1) bench.add(`a mark's reading with smaps_rollup (--pss), ${of}`, () => void tree.read({ pss: true, cgroup: null }));
    }
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ t_ms: i * 10, ...Object.fromEntries(METRIC_NAMES.slice(0, 3).map((m) => [m, 300 + (i % 500) / 7])) }));
    bench.add('writing samples.csv of 100,000 samples', () => void toCsv(['t_ms', ...METRIC_NAMES], rows, { t_ms: 2, ...Object.fromEntries(METRIC_NAMES.map((m) => [m, 4])) }));
    for (const chart of chartsForRun(loadAnalysedRun(runDir), { interactive: false })) {
      bench.add(`rendering the ${chart.id.replace(/^.*?-(?=[a-z]+$)/, '')} chart (SVG)`, async () => void (await renderSvg(chart.spec)));
    }
    await bench.run();
  } finally {
    for (const s of sleepers) s.stop();
  }
  const micro = bench.tasks.flatMap((t) => {
    const r = t.result;
    return r.state === 'completed' ? [{ name: t.name, mean_us: r.latency.mean * 1000, p99_us: (r.latency.p99 ?? r.latency.max) * 1000, samples: r.latency.samplesCount }] : [];
  });
  const mean = (name: string) => micro.find((m) => m.name === name)?.mean_us ?? NaN;
  const ticks = [...names].map(([threads, n]) => {
    const refreshShare = mean(n.refresh) * (TICK_MS / TREE_REFRESH_MS) + mean(n.lists) * (TICK_MS / THREAD_LIST_MS);
    return {
      threads,
      read_us: mean(n.read),
      read_with_status_us: mean(n.status),
      refresh_us: mean(n.refresh),
      refresh_threads_us: mean(n.lists),
      amortized_us: mean(n.read) + refreshShare,
      amortized_with_status_us: mean(n.status) + refreshShare,
    };
  });
  return { micro, ticks };
}
