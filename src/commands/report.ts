import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from '../cli/args.js';
import { UserError } from '../errors.js';

export const REPORT_HELP = `reclaim report <results-dir> | --latest
  writes <results-dir>/report/: index.html, a .svg and .png per chart, summary.md, CSVs`;

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse('report', args, { latest: { type: 'boolean' } });
  if (positionals.length > 1) throw new UserError('reclaim report: name one results directory');
  const dir = values.latest ? latestRun() : positionals[0];
  if (!dir) throw new UserError(`reclaim report: name a results directory\n\n${REPORT_HELP}`);
  const { reportDir } = await writeReport(dir);
  process.stdout.write(`report: ${path.join(reportDir, 'index.html')}\n`);
  return 0;
}

/** Loaded on demand: the report stage (vega, resvg, fonts) is not needed to run cells. */
export async function writeReport(dir: string) {
  const { buildReport } = await import('../../report/build-report.js');
  return buildReport(dir, (line) => process.stderr.write(`${line}\n`));
}

/** The newest directory under results/ that has a manifest (run ids start with the date and time). */
function latestRun(root = 'results'): string {
  const runs = existsSync(root)
    ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'manifest.json'))).sort()
    : [];
  const last = runs[runs.length - 1];
  if (!last) throw new UserError(`reclaim report --latest: no run under ${path.resolve(root)}; run one with reclaim run (or make bench)`);
  return path.join(root, last);
}
