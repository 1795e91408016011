import { familyTables, notOk } from '../src/cli/summary-table.js';
import type { Chart } from '../src/figures/chart.js';
import { escapeMarkdown as text, markdownCode as code } from '../src/tables/escape.js';
import { markdownTable } from '../src/tables/render.js';
import { environmentFacts } from './environment-facts.js';
import type { RunData } from '../src/store/load-run.js';

/** summary.md: each figure family's table and each chart as a PNG, ready to paste into a pull request or a post. */
export function reportMarkdown(data: RunData, charts: readonly Chart[]): string {
  const m = data.manifest;
  const names = [...new Set(m.scenarios.map((s) => s.name))].join(', ');
  const lines = [
    `# reclaim report: ${text(names)}`,
    '',
    `Run ${code(data.dir)} (${text(m.status)}), ${text(m.startedAt)} to ${text(m.endedAt ?? 'not finished')}: ${code(`reclaim ${m.command.join(' ')}`)}`,
    '',
    ...environmentFacts(m.environment).map(([k, v]) => `- ${text(k)}: ${text(v)}`),
  ];
  if (data.problems.length) {
    lines.push('', '**Left out (the results directory is damaged):**', '', ...data.problems.map((p) => `- ${text(p)}`));
  }
  for (const t of familyTables(data.view, { both: true })) {
    lines.push('', `## ${text(t.title)}`, '', text(t.note), '', ...markdownTable(t.grid));
    if (t.after?.length) lines.push('', ...t.after.map((l) => `- ${text(l)}`));
  }
  const failures = notOk(data.records);
  if (failures.length) lines.push('', '**Not ok:**', '', ...failures.map((r) => `- ${code(r.cell)}: ${text(r.status)}: ${text(r.reason)}`));
  const notes = data.records.flatMap((r) => (r.notes ?? []).map((n) => `- ${code(r.cell)}: ${text(n)}`));
  if (notes.length) lines.push('', '**Notes:**', '', ...notes);
  if (charts.length) lines.push('', '## Charts');
  // Chart ids are plain file names (charts-for-run.ts makes them so): safe as link targets.
  for (const c of charts) lines.push('', `### ${text(c.title)}`, '', `![${text(c.title)}](${c.id}.png)`, '', `${text(c.description)} [SVG](${c.id}.svg)`);
  return `${lines.join('\n')}\n`;
}
