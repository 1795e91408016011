import type { TopLevelSpec } from 'vega-lite';
import { axisText } from '../../store/cell-record.js';
import { VEGA_LITE_SCHEMA, type ChartModule } from '../chart.js';
import { THEME } from '../theme.js';
import { frontOf, tradeOff } from './trade-off.js';

interface TradePoint {
  variant: string;
  setting: string;
  time: number;
  memory: number;
  front: boolean;
}

/**
 * The trade-off a user picks on: memory a strategy keeps (median retained) against the time it costs
 * (median release + reload per model), one point per cell; the Pareto front is filled and joined.
 */
export const tradeoffChartModule: ChartModule = {
  suffix: 'tradeoff',
  build(ctx, opts) {
    const front = frontOf(ctx.view);
    const axes = [...new Set(ctx.groups.flatMap((g) => Object.keys(g.axes)))].filter(
      (a) => a !== 'strategy' && new Set(ctx.groups.map((g) => axisText(g, a))).size > 1,
    );
    const points: TradePoint[] = ctx.groups.flatMap((g) => {
      const t = tradeOff(g);
      return t ? [{ variant: g.variant, setting: axes.map((a) => `${a}=${axisText(g, a)}`).join(' '), time: t.time, memory: t.memory, front: front.has(g) }] : [];
    });
    if (points.length < 2) return undefined;
    const x = { field: 'time', type: 'quantitative' as const, title: 'time per model: median release + reload (ms)', scale: { zero: true } };
    const y = { field: 'memory', type: 'quantitative' as const, title: `${ctx.metric} memory retained, median (MiB)` };
    const title = {
      text: `${ctx.scenario}: memory kept against time spent`,
      subtitle: 'One point per cell; filled and joined: the Pareto front (no other cell keeps less in less time). Lower left is better.',
    };
    return {
      id: `${ctx.stem}-tradeoff`,
      title: title.text,
      description: 'Retained memory against release + reload time per cell, with the Pareto front.',
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title,
        config: THEME,
        data: { values: points },
        width: 560,
        height: 340,
        layer: [
          { transform: [{ filter: 'datum.front' }], mark: { type: 'line', color: '#999', strokeDash: [4, 3] }, encoding: { x, y, order: { field: 'time' } } },
          {
            mark: { type: 'point', size: 90, strokeWidth: 2 },
            encoding: {
              x,
              y,
              color: { field: 'variant', type: 'nominal', scale: { domain: ctx.variants }, title: 'variant' },
              fill: { condition: { test: 'datum.front', field: 'variant', type: 'nominal', scale: { domain: ctx.variants } }, value: 'white' },
              ...(axes.length ? { shape: { field: 'setting', type: 'nominal', title: axes.join(', ') } } : {}),
              ...(opts.interactive ? { tooltip: [{ field: 'variant' }, { field: 'setting' }, { field: 'time', format: '.1f', title: 'ms' }, { field: 'memory', format: '.1f', title: 'MiB' }] } : {}),
            },
          },
        ],
      } as unknown as TopLevelSpec,
    };
  },
};
