import { axisText } from '../store/cell-record.js';
import type { CellGroup } from './run-view.js';
import { axisShown } from './summary/table.js';
import { settingAxes } from '../scenario/axes.js';

/** A cell's matrix axes other than its strategy (and `except`), in the order they appear. */
const otherAxes = (groups: readonly CellGroup[], except: readonly string[]) => [
  ...new Set(groups.flatMap((g) => settingAxes(Object.keys(g.axes)).filter((a) => !except.includes(a)))),
];

/**
 * The columns that name a cell at the left of every per-cell table: its scenario (when the run has
 * several), its variant and the other axes that vary, with what `auto` resolved to (source=auto->pretrained).
 */
export function cellColumns(groups: readonly CellGroup[], except: readonly string[] = []): { header: string[]; cells: (g: CellGroup) => string[] } {
  const axes = otherAxes(groups, except);
  const scenarios = new Set(groups.map((g) => g.scenario)).size > 1;
  return {
    header: [...(scenarios ? ['scenario'] : []), 'variant', ...axes],
    cells: (g) => [...(scenarios ? [g.scenario] : []), g.variant, ...axes.map((a) => (g.records[0] ? axisShown(g.records[0], a) : axisText(g, a)))],
  };
}

/** A cell in words, for lines under a table: "del-gc runtime=serving threads=4". */
export function cellName(g: CellGroup): string {
  return [g.variant, ...otherAxes([g], []).map((a) => `${a}=${axisText(g, a)}`)].join(' ');
}
