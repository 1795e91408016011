import { cellColumns } from '../cell-columns.js';
import { compareSamples, type RankComparison } from '../../stats/rank-test.js';
import { axisText, axisValue } from '../../store/cell-record.js';
import type { CsvColumn } from '../../store/csv.js';
import { fixed, mib } from '../../tables/format.js';
import type { FigureFamily } from '../family.js';
import type { CellGroup, RunView } from '../run-view.js';
import { HEADLINE, valuesOf, wordFor, type Word } from '../statistics/aggregate.js';
import { figureIn } from '../figure-def.js';
import { MACHINE_AXIS } from '../../scenario/axes.js';

// The axis reclaim merge adds when its sources ran on different machines or settings (fleet/merge-plan.ts).
const AXIS = MACHINE_AXIS;

/** A cell against the same cell (same scenario, variant and other axes) on the run's first machine. */
interface VersusMachine {
  machine: string;
  comparison?: RankComparison;
  word: Word;
  why?: string;
}

// Computed once per view: the table and five columns ask for every cell, and twinWith scans the groups.
const machinesMemo = new WeakMap<RunView, string[]>();
const versusMemo = new WeakMap<CellGroup, VersusMachine | undefined>();

/** The machines of a merged run in the order merge was given them; none when there is no machine axis. */
function machinesOf(view: RunView): string[] {
  let m = machinesMemo.get(view);
  if (!m) machinesMemo.set(view, (m = [...new Set(view.groups.map((g) => axisValue(g, AXIS)).filter((v) => v !== undefined).map(String))]));
  return m;
}

function versusFirstMachine(view: RunView, g: CellGroup): VersusMachine | undefined {
  if (!versusMemo.has(g)) versusMemo.set(g, compareWithFirst(view, g));
  return versusMemo.get(g);
}

function compareWithFirst(view: RunView, g: CellGroup): VersusMachine | undefined {
  const [first] = machinesOf(view);
  const mine = axisValue(g, AXIS);
  if (first === undefined || mine === undefined || String(mine) === first) return undefined;
  const twin = view.twinWith(g, { [AXIS]: first });
  if (!twin) return undefined;
  const comparison = compareSamples(valuesOf(g, HEADLINE), valuesOf(twin, HEADLINE));
  return { machine: first, ...(comparison ? { comparison } : {}), ...wordFor(comparison, figureIn(g.figures, HEADLINE)) };
}

const interval = (c: RankComparison) => (c.shiftLo === undefined || c.shiftHi === undefined ? '' : ` [${mib(c.shiftLo)}, ${mib(c.shiftHi)}]`);

function variantColumns(view: RunView): CsvColumn<CellGroup>[] {
  if (!machinesOf(view).length) return [];
  const vs = (g: CellGroup) => versusFirstMachine(view, g);
  return [
    { name: `${HEADLINE}_vs_first_machine`, digits: 2, get: (g) => vs(g)?.comparison?.shift },
    { name: `${HEADLINE}_vs_first_machine_lo`, digits: 2, get: (g) => vs(g)?.comparison?.shiftLo },
    { name: `${HEADLINE}_vs_first_machine_hi`, digits: 2, get: (g) => vs(g)?.comparison?.shiftHi },
    { name: 'machine_p_value', digits: 4, get: (g) => vs(g)?.comparison?.p },
    { name: 'machine_comparison', get: (g) => vs(g)?.word },
  ];
}

/**
 * Across machines (a merged run with a machine axis): each cell against the same cell on the first
 * machine given to reclaim merge, with the statistics family's test and words (Hodges-Lehmann shift of
 * the retained median with its interval, Mann-Whitney p, Cliff's delta).
 */
export const machinesFamily: FigureFamily = {
  id: 'machines',
  variantColumns,
  table(view) {
    const machines = machinesOf(view);
    if (machines.length < 2) return undefined;
    const groups = view.groups.filter((g) => axisValue(g, AXIS) !== undefined && String(axisValue(g, AXIS)) !== machines[0]);
    const cell = cellColumns(groups, [AXIS]);
    const rows = groups.map((g) => {
      const vs = versusFirstMachine(view, g);
      const c = vs?.comparison;
      return [
        ...cell.cells(g),
        axisText(g, AXIS),
        c ? `${c.shift >= 0 ? '+' : ''}${mib(c.shift)}${interval(c)}` : '-',
        c ? (c.p < 0.001 ? '<0.001' : c.p.toFixed(3)) : '',
        c ? fixed(c.cliffsDelta, 2) : '',
        vs?.word ?? 'no twin',
      ];
    });
    const undecided = groups.map((g) => versusFirstMachine(view, g)).find((v) => v?.word === 'undecided' && v.why);
    return {
      id: 'machines',
      title: 'Across machines',
      note: `Each cell against the same cell on ${machines[0]} (the first directory given to reclaim merge): the shift of the retained median (Hodges-Lehmann, with its interval), the Mann-Whitney p and Cliff's d.`,
      terminal: `Across machines: retained MiB against the same cell on ${machines[0]}:`,
      grid: { header: [...cell.header, 'machine', `vs ${machines[0]}`, 'p', "Cliff's d", 'verdict'], rows },
      ...(undecided ? { after: [`comparisons across machines: ${undecided.why}; --repeat 5 or more`] } : {}),
    };
  },
};
