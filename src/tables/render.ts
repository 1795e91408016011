import { escapeHtml, escapeMarkdownCell } from './escape.js';
import { columnAlignment, type Grid } from './grid.js';

/** A plain text table: columns padded, figures right-aligned. */
export function textTable(grid: Grid): string {
  const align = columnAlignment(grid);
  const widths = grid.header.map((h, i) => Math.max(h.length, ...grid.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (align[i] === 'right' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(grid.header), line(widths.map((w) => '-'.repeat(w))), ...grid.rows.map(line)].join('\n');
}

/** A Markdown table (GitHub's): every cell escaped, figures right-aligned. */
export function markdownTable(grid: Grid): string[] {
  const align = columnAlignment(grid).map((a) => (a === 'right' ? ' ---: ' : ' --- '));
  return [`| ${grid.header.map(escapeMarkdownCell).join(' | ')} |`, `|${align.join('|')}|`, ...grid.rows.map((row) => `| ${row.map(escapeMarkdownCell).join(' | ')} |`)];
}

/** An HTML table: every cell escaped, figures right-aligned (class num), rows classed by their status. */
export function htmlTable(grid: Grid): string {
  const align = columnAlignment(grid);
  const body = grid.rows.map((row, i) => {
    const cls = grid.rowClass?.[i];
    return `<tr${cls ? ` class="${escapeHtml(cls)}"` : ''}>${row.map((c, j) => `<td${align[j] === 'right' ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${grid.header.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}
