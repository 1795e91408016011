import type { Metric } from '../src/samplers/metrics.js';
import type { CellRecord } from '../src/store/cell-record.js';
import { articleChart, type ArticlePoint } from './charts/article-chart.js';
import type { Chart, ChartOptions } from './charts/chart.js';
import { NO_FACET } from './charts/chart.js';
import { residualChart, type ResidualPoint } from './charts/residual-chart.js';
import { timeseriesChart, type SeriesMark, type SeriesPoint } from './charts/timeseries-chart.js';
import { trainingChart, type TrainingPoint } from './charts/training-chart.js';
import { VRAM_SERIES, vramChart, type VramPoint } from './charts/vram-chart.js';
import { downsampleMinMax } from './downsample.js';
import type { RunData } from './load-run.js';

/**
 * Every chart the run has data for, per scenario. Only runs that finished ok are drawn (failed ones
 * are in the summary table with their reason); a chart without data is left out, not drawn empty.
 */
export function chartsForRun(data: RunData, opts: ChartOptions): Chart[] {
  const charts: Chart[] = [];
  const scenarios = [...new Set(data.records.map((r) => r.scenario))];
  for (const scenario of scenarios) {
    const records = data.records.filter((r) => r.scenario === scenario);
    const ok = records.filter((r) => r.status === 'ok');
    const metric = (records[0]?.metric ?? 'private') as Metric;
    const variants = [...new Set(records.map((r) => r.variant))];
    const facets = facetLabeller(records);
    const run = (r: CellRecord) => [r.variant, facets.label(r), `r${r.repeat}`].filter(Boolean).join(' · ');

    const article: ArticlePoint[] = ok.flatMap((r) =>
      (data.marks.get(r.cell) ?? []).flatMap((m) => {
        const value = m.values[metric];
        return value === undefined ? [] : [{ variant: r.variant, repeat: r.repeat, facet: facets.label(r), index: m.index, label: m.label, value }];
      }),
    );
    if (article.length) charts.push(articleChart({ id: `${scenario}-marks`, scenario, metric, variants, facetTitle: facets.title, points: article }, opts));

    const residual: ResidualPoint[] = ok.flatMap((r) => {
      const s = r.summary;
      if (s.residual_mib === undefined || s.residual_mib === '' || s.baseline_mib === undefined || s.baseline_mib === '') return [];
      return [{ variant: r.variant, facet: facets.label(r), repeat: r.repeat, residual: Number(s.residual_mib), baseline: Number(s.baseline_mib), retained: Number(s.retained_mib) }];
    });
    if (residual.length) charts.push(residualChart({ id: `${scenario}-residual`, scenario, metric, variants, points: residual }, opts));

    const withSamples = ok.filter((r) => data.samples.get(r.cell)?.length);
    if (withSamples.length) {
      const samples: SeriesPoint[] = withSamples.flatMap((r) =>
        downsampleMinMax(
          (data.samples.get(r.cell) ?? []).filter((s) => s.values[metric] !== undefined),
          (s) => s.values[metric]!,
        ).map((s) => ({ run: run(r), t_s: s.t_ms / 1000, value: s.values[metric]! })),
      );
      const marks: SeriesMark[] = withSamples.flatMap((r) => (data.marks.get(r.cell) ?? []).map((m) => ({ run: run(r), t_s: m.t_ms / 1000, label: m.label, settled: m.settled })));
      if (samples.length) charts.push(timeseriesChart({ id: `${scenario}-timeseries`, scenario, metric, runs: withSamples.map(run), samples, marks }, opts));
    }

    const vram: VramPoint[] = ok.flatMap((r) =>
      (data.marks.get(r.cell) ?? []).flatMap((m) =>
        VRAM_SERIES.flatMap((series) => {
          const value = m.values[series];
          return value === undefined ? [] : [{ run: run(r), index: m.index, label: m.label, series, value }];
        }),
      ),
    );
    if (vram.length) charts.push(vramChart({ id: `${scenario}-vram`, scenario, runs: [...new Set(vram.map((p) => p.run))], points: vram }, opts));

    const trained = ok.filter((r) => r.training?.step_s_median !== undefined && r.training.train_peak_mib !== undefined);
    // Label a run by the axes that vary among the training runs, checkpointing and strategy aside.
    const varying = [...new Set(trained.flatMap((r) => Object.keys(r.axes)))].filter(
      (k) => k !== 'checkpointing' && k !== 'strategy' && new Set(trained.map((r) => String(r.axes[k]))).size > 1,
    );
    const training: TrainingPoint[] = trained.map((r) => ({
      variant: r.variant,
      setting: varying.map((k) => `${k}=${r.axes[k] ?? ''}`).join(' '),
      checkpointing: r.training!.checkpointing ? 'on' : 'off',
      step_ms: r.training!.step_s_median! * 1000,
      peak: r.training!.train_peak_mib!,
      repeat: r.repeat,
    }));
    if (training.length) charts.push(trainingChart({ id: `${scenario}-training`, scenario, metric, points: training }, opts));
  }
  return charts;
}

/** Labels each record by the matrix axes (other than strategy) that take more than one value in the scenario. */
function facetLabeller(records: readonly CellRecord[]): { title: string; label: (r: CellRecord) => string } {
  const axes = [...new Set(records.flatMap((r) => Object.keys(r.axes)))].filter(
    (a) => a !== 'strategy' && new Set(records.map((r) => String(r.axes[a]))).size > 1,
  );
  const label = (r: CellRecord) => (axes.length ? axes.map((a) => `${a}=${r.axes[a] === '' ? '(unset)' : (r.axes[a] ?? '')}`).join(', ') : NO_FACET);
  return { title: axes.join(', '), label };
}
