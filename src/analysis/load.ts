import type { RunView } from '../figures/run-view.js';
import { loadRun, type RunData } from '../store/load-run.js';
import { analyseRun } from './analyse-run.js';

/** A results directory read back (store/load-run.ts) with its analysis: what report and compare work on. */
export type AnalysedRun = RunData & { view: RunView };

export function loadAnalysedRun(dir: string, warn: (line: string) => void = () => {}): AnalysedRun {
  const data = loadRun(dir, warn);
  const note = (line: string) => {
    data.problems.push(line);
    warn(`reclaim: ${line}`);
  };
  return { ...data, view: analyseRun(data.records, data.manifest.scenarios, note, data.manifest.overrides ?? {}) };
}
