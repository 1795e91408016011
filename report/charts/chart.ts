import type { TopLevelSpec } from 'vega-lite';

/** One chart of a report: a Vega-Lite spec, and the file name (without extension) its images get. */
export interface Chart {
  id: string;
  title: string;
  description: string;
  spec: TopLevelSpec;
}

/**
 * Interactive specs (the HTML page) get hover points and legend toggling; static ones (SVG, PNG)
 * leave them out, which keeps the files small.
 */
export interface ChartOptions {
  interactive: boolean;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Facets of small charts: a label per combination of the matrix axes that vary (empty when none do). */
export const NO_FACET = '';
