import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeDirAtomic } from '../src/store/atomic.js';
import { chartsForRun } from './charts-for-run.js';
import { reportCsvs, TIDY_FILES, writeTidyCsvs } from './csv-export.js';
import { reportHtml } from './html.js';
import { loadAnalysedRun } from '../src/analysis/load.js';
import { reportMarkdown } from './markdown.js';
import { renderSvg, svgToPng } from './render.js';
import { copyVendorScripts } from './vendor.js';

export interface ReportResult {
  reportDir: string;
  charts: string[];
}

/**
 * <results-dir>/report/: index.html (interactive, offline), one SVG and PNG per chart, summary.md and
 * CSVs. Built beside the old report and swapped in whole, so a failure leaves the previous one intact.
 */
export async function buildReport(dir: string, log: (line: string) => void = () => {}): Promise<ReportResult> {
  const data = loadAnalysedRun(dir, log);
  const files: Record<string, string | Buffer> = {};
  const staticCharts = chartsForRun(data, { interactive: false });
  for (const chart of staticCharts) {
    const svg = await renderSvg(chart.spec);
    files[`${chart.id}.svg`] = svg;
    files[`${chart.id}.png`] = svgToPng(svg);
    log(`reclaim: chart ${chart.id}`);
  }
  const csvs = reportCsvs(data);
  Object.assign(files, csvs);
  const reportDir = path.join(dir, 'report');
  writeDirAtomic(reportDir, files, (tmp) => {
    copyVendorScripts(path.join(tmp, 'vendor'));
    const left = writeTidyCsvs(data, tmp);
    // After every file was read: what could not be, is in both.
    writeFileSync(path.join(tmp, 'summary.md'), reportMarkdown(data, staticCharts));
    const tidy = left ? `the first ${data.records.length - left} of ${data.records.length} runs (every run's are in cells/<cell>/)` : undefined;
    writeFileSync(path.join(tmp, 'index.html'), reportHtml({ data, charts: chartsForRun(data, { interactive: true }), csvFiles: [...Object.keys(csvs), ...TIDY_FILES], ...(tidy ? { tidyNote: tidy } : {}) }));
  });
  return { reportDir, charts: staticCharts.map((c) => c.id) };
}
