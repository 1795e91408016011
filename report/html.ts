import type { Chart } from '../src/figures/chart.js';
import { escapeHtml as h, jsonForScript } from '../src/tables/escape.js';
import { htmlTable } from '../src/tables/render.js';
import { environmentFacts } from './environment-facts.js';
import { reportLayout } from './layout.js';
import type { FamilyTable } from '../src/figures/family.js';
import type { AnalysedRun as RunData } from '../src/analysis/load.js';
import { VENDOR_SCRIPTS, vendorFileName } from './vendor.js';

export interface HtmlInput {
  data: RunData;
  /** Interactive specs, in page order. */
  charts: Chart[];
  csvFiles: string[];
  /** What the tidy marks.csv and samples.csv hold, when not every run. */
  tidyNote?: string;
}

/**
 * index.html: the answer first (the verdict line, the residual chart, the summary with its words),
 * then the other tables (failed cells with their reasons), the other interactive charts, the
 * environment, and every run collapsed at the end. Opens from disk with no network: the vega builds
 * sit in vendor/, all data is inline, and the Content-Security-Policy forbids any other load.
 */
export function reportHtml({ data, charts, csvFiles, tidyNote }: HtmlInput): string {
  const m = data.manifest;
  const names = [...new Set(m.scenarios.map((s) => s.name))].join(', ');
  const layout = reportLayout(data, charts);
  const { summary, failures } = layout;
  const env = m.environment;
  const specs = Object.fromEntries(charts.map((c) => [c.id, c.spec]));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'none'; form-action 'none'">
<title>reclaim report: ${h(names)}</title>
<style>
  body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
  table { border-collapse: collapse; font-size: .9rem; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.status-failed td, tr.status-timeout td, tr.status-oom td { background: #fdecea; } tr.status-skipped td { color: #777; }
  .reasons li { margin: .2rem 0; } code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: .85rem; }
  pre { background: #f6f6f6; padding: .8rem; overflow: auto; max-height: 30rem; }
  .verdict-line { font-size: 1.15rem; font-weight: bold; } details > summary { cursor: pointer; font-weight: bold; margin: 1rem 0; }
  figure { margin: 1.5rem 0; } figcaption { color: #555; font-size: .9rem; } dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: bold; }
</style>
${VENDOR_SCRIPTS.map((v) => `<script src="vendor/${vendorFileName(v.pkg)}"></script>`).join('\n')}
</head>
<body>
<header>
<h1>reclaim report: ${h(names)}</h1>
<p>Results <code>${h(data.dir)}</code>, run ${h(m.status)}, from ${h(m.startedAt)} to ${h(m.endedAt ?? '(not finished)')}.<br>
Command: <code>reclaim ${h(m.command.join(' '))}</code></p>
</header>
${data.problems.length ? `<section id="problems">\n<h2>Left out</h2>\n<p>The results directory is damaged; what could not be used:</p>\n<ul class="reasons">\n${data.problems.map((p) => `<li>${h(p)}</li>`).join('\n')}\n</ul>\n</section>` : ''}
<section id="answer">
${layout.verdicts.length ? `<p class="verdict-line">${layout.verdicts.map((l) => h(l)).join('<br>\n')}</p>` : ''}
${layout.headline.map(figureHtml).join('\n')}
<div id="summary">
<h2>${h(summary?.title ?? 'Summary')}</h2>
${summary ? `<p>${h(summary.note)}</p>\n${htmlTable(summary.grid)}${afterTable(summary.after)}` : ''}
</div>
</section>
<section id="details">
${layout.tables.map(tableHtml).join('\n')}
${layout.notes.length ? `<h3>Notes</h3>\n<ul class="reasons">\n${layout.notes.map((n) => `<li><code>${h(n.cell)}</code>: ${h(n.note)}</li>`).join('\n')}${layout.notesCut ? `\n<li>${layout.notesCut} more notes, in each run's cell.json</li>` : ''}\n</ul>` : ''}
${failures.length ? `<h3>Not ok</h3>\n<ul class="reasons" id="not-ok">\n${failures.map((r) => `<li><code>${h(r.cell)}</code>: <strong>${h(r.status)}</strong>: ${h(r.reason)}</li>`).join('\n')}\n</ul>` : ''}
</section>
<section id="charts">
<h2>Charts</h2>
${charts.length ? '' : '<p>No cell finished ok, so there is nothing to draw.</p>'}
${layout.charts.map(figureHtml).join('\n')}
</section>
<section id="environment">
<h2>Environment</h2>
<dl>
${environmentFacts(env, data.records).map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('\n')}
</dl>
<details><summary>The whole fingerprint (manifest.json)</summary><pre>${h(JSON.stringify(env, null, 2))}</pre></details>
</section>
${layout.perRun ? `<section id="runs">\n<details><summary>${h(layout.perRun.title)} (${layout.perRun.grid.rows.length + layout.perRunCut} rows${layout.perRunCut ? `; the first ${layout.perRun.grid.rows.length} here, all in summary.csv` : ''})</summary>\n${tableHtml(layout.perRun)}\n</details>\n</section>` : ''}
<section id="files">
<h2>Data</h2>
<p>${csvFiles.map((f) => `<a href="${h(f)}">${h(f)}</a>`).join(' · ')} · <a href="summary.md">summary.md</a></p>${tidyNote ? `\n<p>marks.csv and samples.csv hold ${h(tidyNote)}.</p>` : ''}
</section>
<script type="application/json" id="reclaim-specs">${jsonForScript(specs)}</script>
<script>
  const specs = JSON.parse(document.getElementById('reclaim-specs').textContent);
  for (const [id, spec] of Object.entries(specs)) {
    const el = document.getElementById('chart-' + id);
    vegaEmbed(el, spec, { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } }).catch((err) => {
      el.textContent = 'This chart could not be drawn: ' + err.message;
      console.error(err);
    });
  }
</script>
</body>
</html>
`;
}

function figureHtml(c: Chart): string {
  return `<figure id="figure-${h(c.id)}">\n<div class="chart" id="chart-${h(c.id)}"></div>\n<figcaption>${h(c.description)} <a href="${h(c.id)}.svg">SVG</a> · <a href="${h(c.id)}.png">PNG</a></figcaption>\n</figure>`;
}

function tableHtml(t: FamilyTable): string {
  return `<h3 id="${h(t.id)}">${h(t.title)}</h3>\n<p>${h(t.note)}</p>\n${htmlTable(t.grid)}${afterTable(t.after)}`;
}

/** Lines a family puts under its table (warnings, verdict counts). */
function afterTable(lines: readonly string[] | undefined): string {
  return lines?.length ? `\n<ul class="reasons">\n${lines.map((l) => `<li>${h(l)}</li>`).join('\n')}\n</ul>` : '';
}
