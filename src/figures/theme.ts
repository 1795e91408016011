import type { Config } from 'vega-lite';

/** Sizes and fonts for a blog post: readable at 100% and at 2x, one font the PNG renderer embeds. */
export const FONT = 'DejaVu Sans';

export const THEME: Config = {
  font: FONT,
  background: 'white',
  padding: 12,
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start', offset: 12 },
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8, gridColor: '#e6e6e6', labelLimit: 320 },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 320, symbolStrokeWidth: 3 },
  header: { labelFontSize: 13, titleFontSize: 13, labelLimit: 0 },
  view: { stroke: '#ccc' },
  range: { category: { scheme: 'tableau20' } },
};

export const WIDE = 760;
export const TALL = 340;

/** Columns for small multiples: fewer when their titles are long, so titles do not run into each other. */
export function columnsFor(titles: readonly string[], most: number): number {
  const longest = Math.max(0, ...titles.map((t) => t.length));
  return Math.max(1, Math.min(most, titles.length, longest > 60 ? 1 : longest > 40 ? 2 : most));
}
