/**
 * A table of display strings, the one shape every table takes before it is rendered for the terminal,
 * summary.md or index.html (tables/render.ts). Figures are formatted when a grid is built, not before.
 */
export interface Grid {
  header: string[];
  rows: string[][];
  /** Per row, a class for index.html (the status of the run it shows). */
  rowClass?: (string | undefined)[];
}

const NUMERIC = /^-?[\d.]+%?$|^-$/;

/** Per column: right-aligned when every cell is a number (or "-"), as figures are; left otherwise. */
export function columnAlignment(grid: Grid): ('left' | 'right')[] {
  return grid.header.map((_, i) =>
    grid.rows.length > 0 && grid.rows.every((r) => NUMERIC.test(r[i] ?? '')) ? 'right' : 'left',
  );
}
