import { notOk, summaryGrid } from '../src/cli/summary-table.js';
import { trainingGrid } from '../src/cli/training-grid.js';
import type { Fingerprint } from '../src/env/fingerprint.js';
import type { Chart } from './charts/chart.js';
import { environmentFacts } from './environment-facts.js';
import { escapeMarkdownCell as cell } from './escape.js';
import type { RunData } from './load-run.js';

/** summary.md: the summary table and each chart as a PNG, ready to paste into a pull request or a post. */
export function reportMarkdown(data: RunData, charts: readonly Chart[]): string {
  const m = data.manifest;
  const grid = summaryGrid(data.records);
  const names = [...new Set(m.scenarios.map((s) => s.name))].join(', ');
  const lines = [
    `# reclaim report: ${cell(names)}`,
    '',
    `Run \`${data.dir}\` (${m.status}), ${m.startedAt} to ${m.endedAt ?? 'not finished'}: \`reclaim ${m.command.join(' ')}\``,
    '',
    ...environmentFacts(m.environment as Partial<Fingerprint>).map(([k, v]) => `- ${cell(k)}: ${cell(v)}`),
    '',
    '## Summary',
    '',
    'All figures in MiB of the primary metric.',
    '',
    ...markdownTable(grid.header, grid.rows, grid.header.indexOf('baseline')),
  ];
  const training = trainingGrid(data.records);
  if (training) {
    lines.push('', '## Training', '', 'Peak over the training steps, median step time; saved and slower: checkpointing on against the off cell that differs in nothing else.', '');
    lines.push(...markdownTable(training.header, training.rows, training.header.indexOf('train peak')));
  }
  const failures = notOk(data.records);
  if (failures.length) lines.push('', '**Not ok:**', '', ...failures.map((r) => `- \`${r.cell}\`: ${r.status}: ${cell(r.reason ?? '')}`));
  const notes = data.records.flatMap((r) => (r.notes ?? []).map((n) => `- \`${r.cell}\`: ${cell(n)}`));
  if (notes.length) lines.push('', '**Notes:**', '', ...notes);
  if (charts.length) lines.push('', '## Charts');
  for (const c of charts) lines.push('', `### ${cell(c.title)}`, '', `![${cell(c.title)}](${c.id}.png)`, '', `${cell(c.description)} [SVG](${c.id}.svg)`);
  return `${lines.join('\n')}\n`;
}

/** A Markdown table; columns from `rightFrom` on (the figures) are right-aligned. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], rightFrom: number): string[] {
  const align = header.map((_, i) => (rightFrom >= 0 && i >= rightFrom ? ' ---: ' : ' --- '));
  return [`| ${header.map(cell).join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}
