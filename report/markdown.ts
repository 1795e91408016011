import { familyTables, notOk } from '../src/cli/summary-table.js';
import type { Fingerprint } from '../src/env/fingerprint.js';
import type { Chart } from '../src/figures/chart.js';
import { escapeMarkdownCell as cell } from '../src/tables/escape.js';
import { markdownTable } from '../src/tables/render.js';
import { environmentFacts } from './environment-facts.js';
import type { RunData } from './load-run.js';

/** summary.md: each figure family's table and each chart as a PNG, ready to paste into a pull request or a post. */
export function reportMarkdown(data: RunData, charts: readonly Chart[]): string {
  const m = data.manifest;
  const names = [...new Set(m.scenarios.map((s) => s.name))].join(', ');
  const lines = [
    `# reclaim report: ${cell(names)}`,
    '',
    `Run \`${data.dir}\` (${m.status}), ${m.startedAt} to ${m.endedAt ?? 'not finished'}: \`reclaim ${m.command.join(' ')}\``,
    '',
    ...environmentFacts(m.environment as Partial<Fingerprint>).map(([k, v]) => `- ${cell(k)}: ${cell(v)}`),
  ];
  for (const t of familyTables(data.records)) lines.push('', `## ${cell(t.title)}`, '', cell(t.note), '', ...markdownTable(t.grid));
  const failures = notOk(data.records);
  if (failures.length) lines.push('', '**Not ok:**', '', ...failures.map((r) => `- \`${r.cell}\`: ${r.status}: ${cell(r.reason)}`));
  const notes = data.records.flatMap((r) => (r.notes ?? []).map((n) => `- \`${r.cell}\`: ${cell(n)}`));
  if (notes.length) lines.push('', '**Notes:**', '', ...notes);
  if (charts.length) lines.push('', '## Charts');
  for (const c of charts) lines.push('', `### ${cell(c.title)}`, '', `![${cell(c.title)}](${c.id}.png)`, '', `${cell(c.description)} [SVG](${c.id}.svg)`);
  return `${lines.join('\n')}\n`;
}
