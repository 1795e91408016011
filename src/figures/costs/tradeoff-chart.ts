import type { TopLevelSpec } from 'vega-lite';
import { axisText } from '../../store/cell-record.js';
import { VEGA_LITE_SCHEMA, type ChartModule } from '../chart.js';
import { THEME } from '../theme.js';
import { FRONT_TESTED_CELLS, frontOf } from './trade-off.js';

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
      (a) => a !== 'strategy' && new Set(ctx.groups.map((g) => axisText(g, a))).size > 1,
    );
    const points: TradePoint[] = f.points.map(({ group: g, memory, time }) => {
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
    if (points.length < 2) return undefined;
    const scale = { zero: false, nice: true, padding: 12 };
    const x = { field: 'time', type: 'quantitative' as const, title: 'time per model: release + reload (ms), median and interval', scale };
    const y = { field: 'memory', type: 'quantitative' as const, title: `${ctx.metric} memory retained (MiB), median and interval`, scale };
    const color = { field: 'variant', type: 'nominal' as const, scale: { domain: ctx.variants }, legend: null };
    const how = !f.tested
      ? `The front is drawn from medians: ${points.length} cells are more than ${FRONT_TESTED_CELLS} to test every pair.`
      : f.timesDiffer
        ? 'Filled: the front (no other cell is better on memory or time, at 5%, without being worse on the other).'
        : 'Release + reload time does not differ between these cells at 5%: choose on memory. Filled: the front.';
    const title = { text: `${ctx.scenario}: memory kept against time spent`, subtitle: [`One point per cell at its medians; bars: the interval of each median. ${how}`, 'Lower left is better.'] };
    return {
      id: `${ctx.stem}-tradeoff`,
      title: title.text,
      description: 'Retained memory against release + reload time per cell, with intervals, labels and the front.',
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title,
        config: THEME,
        data: { values: points },
        width: 620,
        height: 380,
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
          { mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 11, color: '#333' }, encoding: { x, y, text: { field: 'label' } } },
        ],
      } as unknown as TopLevelSpec,
    };
  },
};
