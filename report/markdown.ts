import type { Chart } from '../src/figures/chart.js';
import type { FamilyTable } from '../src/figures/family.js';
import { escapeMarkdown as text, markdownCode as code } from '../src/tables/escape.js';
import { markdownTable } from '../src/tables/render.js';
import { environmentFacts } from './environment-facts.js';
import { reportLayout } from './layout.js';
import type { AnalysedRun as RunData } from '../src/analysis/load.js';

/**
 * summary.md: the answer first (verdict line, residual chart, summary), then each figure family's
 * table and each chart as a PNG, every run last: ready to paste into a pull request or a post.
 */
export function reportMarkdown(data: RunData, charts: readonly Chart[]): string {
  const m = data.manifest;
  const layout = reportLayout(data, charts);
  const names = [...new Set(m.scenarios.map((s) => s.name))].join(', ');
  const lines = [
    `# reclaim report: ${text(names)}`,
    '',
    `Run ${code(data.dir)} (${text(m.status)}), ${text(m.startedAt)} to ${text(m.endedAt ?? 'not finished')}: ${code(`reclaim ${m.command.join(' ')}`)}`,
  ];
  if (layout.verdicts.length) lines.push('', ...layout.verdicts.map((l) => `**${text(l)}**`));
  // Chart ids are plain file names (charts-for-run.ts makes them so): safe as link targets.
  const chart = (c: Chart) => ['', `### ${text(c.title)}`, '', `![${text(c.title)}](${c.id}.png)`, '', `${text(c.description)} [SVG](${c.id}.svg)`];
  const table = (t: FamilyTable) => ['', `## ${text(t.title)}`, '', text(t.note), '', ...markdownTable(t.grid), ...(t.after?.length ? ['', ...t.after.map((l) => `- ${text(l)}`)] : [])];
  for (const c of layout.headline) lines.push(...chart(c));
  if (layout.summary) lines.push(...table(layout.summary));
  lines.push('', ...environmentFacts(m.environment, data.records).map(([k, v]) => `- ${text(k)}: ${text(v)}`));
  if (data.problems.length) {
    lines.push('', '**Left out (the results directory is damaged):**', '', ...data.problems.map((p) => `- ${text(p)}`));
  }
  for (const t of layout.tables) lines.push(...table(t));
  if (layout.failures.length) lines.push('', '**Not ok:**', '', ...layout.failures.map((r) => `- ${code(r.cell)}: ${text(r.status)}: ${text(r.reason)}`));
  if (layout.notes.length) lines.push('', '**Notes:**', '', ...layout.notes.map((n) => `- ${code(n.cell)}: ${text(n.note)}`), ...(layout.notesCut ? [`- ${layout.notesCut} more notes, in each run's cell.json`] : []));
  if (layout.charts.length) lines.push('', '## Charts');
  for (const c of layout.charts) lines.push(...chart(c));
  if (layout.perRun) {
    lines.push(...table(layout.perRun));
    if (layout.perRunCut) lines.push('', `(${layout.perRunCut} more runs in summary.csv)`);
  }
  return `${lines.join('\n')}\n`;
}
