import type { TopLevelSpec } from 'vega-lite';
import { axisText } from '../../store/cell-record.js';
import { VEGA_LITE_SCHEMA, type ChartModule } from '../chart.js';
import { THEME } from '../theme.js';
import { placeLabels } from './label-placement.js';
import { FRONT_TESTED_CELLS, frontOf } from './trade-off.js';
import { STRATEGY_AXIS } from '../../scenario/axes.js';

interface TradePoint {
  label: string;
  variant: string;
  setting: string;
  time: number;
  timeLo: number;
  timeHi: number;
  memory: number;
  memoryLo: number;
  memoryHi: number;
  front: boolean;
  /** Where its label goes, in data units (placed so that labels do not cover each other). */
  labelTime: number;
  labelMemory: number;
  /** Where a leader line from the point meets its label. */
  leaderTime: number;
}

const WIDTH = 620;
const HEIGHT = 380;

/** A linear scale's domain around values, with a margin of 6% each side (no zero, no rounding: labels are placed on it). */
function domainOf(values: readonly number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.06;
  return [lo - pad, hi + pad];
}

/**
 * The trade-off a user picks on: memory a strategy keeps (retained) against the time it costs
 * (release + reload per model), one point per cell at its medians, with the interval of each median
 * as bars (their range with fewer than 6 runs), labelled where it stands. Filled: the front, where no
 * other cell is better on one without being worse on the other by the rank-sum test; a lead inside
 * the runs' spread does not push a point off it. Axes are zoomed to the points, not to 0.
 */
export const tradeoffChartModule: ChartModule = {
  suffix: 'tradeoff',
  build(ctx, opts) {
    const f = frontOf(ctx.view, ctx.scenario);
    const axes = [...new Set(ctx.groups.flatMap((g) => Object.keys(g.axes)))].filter(
      (a) => a !== STRATEGY_AXIS && new Set(ctx.groups.map((g) => axisText(g, a))).size > 1,
    );
    const raw = f.points.map(({ group: g, memory, time }) => {
      const setting = axes.map((a) => `${a}=${axisText(g, a)}`).join(' ');
      return {
        label: [g.variant, setting].filter(Boolean).join(' '),
        variant: g.variant,
        setting,
        time: time.median,
        timeLo: time.lo,
        timeHi: time.hi,
        memory: memory.median,
        memoryLo: memory.lo,
        memoryHi: memory.hi,
        front: f.front.has(g),
      };
    });
    if (raw.length < 2) return undefined;
    const xd = domainOf(raw.flatMap((p) => [p.timeLo, p.timeHi]));
    const yd = domainOf(raw.flatMap((p) => [p.memoryLo, p.memoryHi]));
    const px = (t: number) => ((t - xd[0]) / (xd[1] - xd[0])) * WIDTH;
    const py = (m: number) => HEIGHT - ((m - yd[0]) / (yd[1] - yd[0])) * HEIGHT;
    const placed = placeLabels(raw.map((p) => ({ x: px(p.time), y: py(p.memory), label: p.label })), WIDTH);
    const points: TradePoint[] = raw.map((p, i) => ({
      ...p,
      labelTime: xd[0] + (placed[i]!.x / WIDTH) * (xd[1] - xd[0]),
      leaderTime: xd[0] + (placed[i]!.near / WIDTH) * (xd[1] - xd[0]),
      labelMemory: yd[0] + ((HEIGHT - placed[i]!.y) / HEIGHT) * (yd[1] - yd[0]),
    }));
    const x = { field: 'time', type: 'quantitative' as const, title: 'time per model: release + reload (ms)', scale: { domain: xd, zero: false, nice: false } };
    const y = { field: 'memory', type: 'quantitative' as const, title: `${ctx.metric} retained (MiB)`, scale: { domain: yd, zero: false, nice: false } };
    const color = { field: 'variant', type: 'nominal' as const, scale: { domain: ctx.variants }, legend: null };
    const how = !f.tested
      ? [`Filled: the front, drawn from medians (${points.length} cells are more than ${FRONT_TESTED_CELLS} to test every pair).`]
      : [
          'Filled: the front, where no other cell is better on memory or time (rank-sum test, 5%)',
          'without being worse on the other.',
          ...(f.timesDiffer ? [] : ['Release + reload time does not differ between these cells at 5%: choose on memory.']),
        ];
    const title = { text: `${ctx.scenario}: memory kept against time spent`, subtitle: ['One point per cell at its medians, bars the interval of each median; lower left is better.', ...how] };
    return {
      id: `${ctx.stem}-tradeoff`,
      title: title.text,
      description: 'Retained memory against release + reload time per cell, with intervals, labels and the front.',
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title,
        config: THEME,
        data: { values: points },
        width: WIDTH,
        height: HEIGHT,
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 }, encoding: { x: { ...x, field: 'timeLo' }, x2: { field: 'timeHi' }, y, color } },
          { mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 }, encoding: { x, y: { ...y, field: 'memoryLo' }, y2: { field: 'memoryHi' }, color } },
          {
            mark: { type: 'point', size: 90, strokeWidth: 2, opacity: 1 },
            encoding: {
              x,
              y,
              color,
              fill: { condition: { test: 'datum.front', field: 'variant', type: 'nominal', scale: { domain: ctx.variants } }, value: 'white' },
              ...(opts.interactive
                ? { tooltip: [{ field: 'label', title: 'cell' }, { field: 'time', format: '.1f', title: 'ms' }, { field: 'memory', format: '.1f', title: 'MiB' }, { field: 'front' }] }
                : {}),
            },
          },
          { mark: { type: 'rule', strokeWidth: 0.6, color: '#aaa' }, encoding: { x, y, x2: { field: 'leaderTime' }, y2: { field: 'labelMemory' } } },
          { mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 11, color: '#333' }, encoding: { x: { ...x, field: 'labelTime' }, y: { ...y, field: 'labelMemory' }, text: { field: 'label' } } },
        ],
      } as unknown as TopLevelSpec,
    };
  },
};
