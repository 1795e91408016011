import type { OkRecord } from '../store/cell-record.js';

/** A figure one run of a cell has (retained_mib, release_ms...): what statistics over repeats and expectations use. */
export interface FigureDef {
  get(r: OkRecord): number | undefined;
  label: string;
  unit: 'MiB' | 'ms' | 's' | '';
  /** Which way is better: memory and time lower, the release ratio higher. */
  better: 'lower' | 'higher';
  /** Digits it is written with. */
  digits: number;
  /** It is measured at settled marks: a scenario without any cannot have it (an expectation on it is refused at validate). */
  needsSettled?: boolean;
}

/** Every figure the families define, by name (analysis/figures.ts builds it; a run's view carries it). */
export type FigureCatalogue = Readonly<Record<string, FigureDef>>;

/** A figure by name, own properties only (names come from scenario files and command lines). */
export function figureIn(catalogue: FigureCatalogue, name: string): FigureDef | undefined {
  return Object.hasOwn(catalogue, name) ? catalogue[name] : undefined;
}
