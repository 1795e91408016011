import path from 'node:path';
import { list, parse } from '../cli/args.js';
import { compareRuns, type AxisPairing, type Threshold } from '../compare/compare-runs.js';
import { changesGrid } from '../compare/compare-table.js';
import { environmentDiff, environmentFacts } from '../compare/env-diff.js';
import { UserError } from '../errors.js';
import { FIGURE_NAMES } from '../analysis/figures.js';
import { loadAnalysedRun, type AnalysedRun } from '../analysis/load.js';
import { escapeMarkdown, markdownCode } from '../tables/escape.js';
import { markdownTable, textTable } from '../tables/render.js';

export const COMPARE_HELP = `reclaim compare <base-dir> <new-dir> [options]   the same cells in two runs: what changed, and is it significant
  --threshold X      a regression is a significant change to the worse beyond X: MiB (10) or a share of
                     the base median (5%, the default); exit 3 when there is one
  --figure NAME      a figure to compare (repeatable; default retained_mib, peak_mib, reload_ms)
  --axis A=X:Y       one value of an axis against another: BASE's cells with A=X against NEW's with A=Y,
                     matched on everything else (the same directory twice compares within one run,
                     e.g. --axis libc=host:glibc-2.41)
  --markdown         print Markdown (for a pull-request comment)`;

const DEFAULT_FIGURES = ['retained_mib', 'peak_mib', 'reload_ms'];

function threshold(value: string | undefined): Threshold {
  if (value === undefined) return { relative: 0.05 };
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  if (!m) throw new UserError(`--threshold expects a number (MiB) or a percentage such as 5%, got ${JSON.stringify(value)}`);
  return m[2] ? { relative: Number(m[1]) / 100 } : { absolute: Number(m[1]) };
}

function load(dir: string, warnings: string[]): AnalysedRun {
  return loadAnalysedRun(dir, (line) => warnings.push(line));
}

/** `reclaim compare BASE NEW`: exit 0 without regression, 3 with one, 1 when the two cannot be compared. */
export async function compareCommand(args: string[]): Promise<number> {
  const { text, exit } = compareOutput(args);
  process.stdout.write(text);
  return exit;
}

/** What `reclaim compare ARGS` prints, and its exit code (the findings' compare blocks are written from it). */
export function compareOutput(args: string[]): { text: string; exit: number } {
  const { values, positionals } = parse('compare', args, { threshold: { type: 'string' }, figure: { type: 'string', multiple: true }, markdown: { type: 'boolean' }, axis: { type: 'string' } });
  if (positionals.length !== 2) throw new UserError(`reclaim compare: name two results directories, the base and the new one\n\n${COMPARE_HELP}`);
  const figures = values.figure?.flatMap((f) => list(f) ?? []) ?? DEFAULT_FIGURES;
  const unknown = figures.filter((f) => !FIGURE_NAMES.includes(f));
  if (unknown.length) throw new UserError(`--figure: unknown figure ${unknown.join(', ')}; figures: ${FIGURE_NAMES.join(', ')}`);
  const t = threshold(values.threshold);
  const warnings: string[] = [];
  const [baseDir, newDir] = positionals as [string, string];
  const base = load(baseDir, warnings);
  const next = load(newDir, warnings);
  const baseNames = new Set(base.view.groups.map((g) => g.scenario));
  const common = [...new Set(next.view.groups.map((g) => g.scenario))].filter((s) => baseNames.has(s));
  if (!common.length) throw new UserError(`reclaim compare: ${baseDir} and ${newDir} ran different scenarios (${[...baseNames].join(', ') || 'none'} against ${[...new Set(next.view.groups.map((g) => g.scenario))].join(', ') || 'none'}); nothing to compare`);
  const pairing = values.axis === undefined ? undefined : axisPairing(values.axis, base, next);
  const { changes, onlyBase, onlyNew } = compareRuns(base.view, next.view, figures, t, pairing);
  if (!changes.length) throw new UserError(`reclaim compare: ${baseDir} and ${newDir} share no cell with runs that ended ok (same scenario, variant and axis values)`);
  for (const s of common) {
    const hb = base.manifest.scenarios.find((x) => x.name === s)?.sha256;
    const hn = next.manifest.scenarios.find((x) => x.name === s)?.sha256;
    if (hb && hn && hb !== hn) warnings.push(`scenario ${s} was not the same file in both runs (its sha256 differs): compare what they did, not only their names`);
  }
  // With a pairing, each side's C library is what its own cells loaded.
  const side = (run: AnalysedRun, value: 'base' | 'next') => (pairing ? run.records.filter((r) => String(r.axes[pairing.axis] ?? '') === pairing[value]) : run.records);
  const envDiff = environmentDiff(environmentFacts(base.manifest.environment, base.manifest.docker, side(base, 'base')), environmentFacts(next.manifest.environment, next.manifest.docker, side(next, 'next')));
  const regressions = changes.filter((c) => c.regression);
  const unmatched = [...onlyBase.map((g) => `only in base: ${g.scenario} ${g.variant}`), ...onlyNew.map((g) => `only in new: ${g.scenario} ${g.variant}`)];
  const thresholdText = 'absolute' in t ? `${t.absolute}` : `${t.relative * 100}%`;
  const verdict = regressions.length
    ? `${regressions.length} regression(s) beyond ${thresholdText}: ${regressions.map((c) => `${c.variant}${c.setting ? ` (${c.setting})` : ''} ${c.figure}`).join(', ')}`
    : `no regression beyond ${thresholdText} (${changes.filter((c) => c.word === 'undecided').length} of ${changes.length} comparisons undecided: too few runs)`;
  const grid = changesGrid(changes);
  if (values.markdown) {
    const lines = [
      `### reclaim compare: ${markdownCode(path.basename(path.resolve(baseDir)))} -> ${markdownCode(path.basename(path.resolve(newDir)))}`,
      '',
      `**${escapeMarkdown(verdict)}**`,
      '',
      ...markdownTable(grid),
      '',
      ...(envDiff.length ? ['What differs between the environments:', '', ...envDiff.map((d) => `- ${escapeMarkdown(d)}`), ''] : ['The environments do not differ in what reclaim records.', '']),
      ...[...unmatched, ...warnings].map((w) => `- ${escapeMarkdown(w)}`),
    ];
    return { text: `${lines.join('\n')}\n`, exit: regressions.length ? 3 : 0 };
  } else {
    const lines = [
      `base: ${baseDir}`,
      `new:  ${newDir}`,
      '',
      'NEW against BASE, per cell and figure (change: the shift of the new runs, Hodges-Lehmann, with its 95% interval; p: Mann-Whitney U):',
      textTable(grid),
      '',
      ...(envDiff.length ? ['What differs between the environments:', ...envDiff.map((d) => `  ${d}`)] : ['The environments do not differ in what reclaim records.']),
      ...(unmatched.length || warnings.length ? ['', ...unmatched, ...warnings] : []),
      '',
      verdict,
    ];
    return { text: `${lines.join('\n')}\n`, exit: regressions.length ? 3 : 0 };
  }
}

/** --axis A=X:Y, checked against both runs: the axis exists, and each side has cells at its value. */
function axisPairing(text: string, base: AnalysedRun, next: AnalysedRun): AxisPairing {
  const m = /^([A-Za-z_][\w-]{0,63})=([^:]{0,200}):([^:]{0,200})$/.exec(text);
  if (!m) throw new UserError(`--axis expects AXIS=BASE-VALUE:NEW-VALUE, e.g. libc=host:glibc-2.41; got ${JSON.stringify(text)}`);
  const pairing = { axis: m[1]!, base: m[2]!, next: m[3]! };
  for (const [run, value, which] of [[base, pairing.base, 'base'], [next, pairing.next, 'new']] as const) {
    const values = [...new Set(run.view.groups.filter((g) => Object.hasOwn(g.axes, pairing.axis)).map((g) => String(g.axes[pairing.axis])))];
    if (!values.length) throw new UserError(`--axis: the ${which} run has no axis "${pairing.axis}"`);
    if (!values.includes(value)) throw new UserError(`--axis: the ${which} run has no cell with ${pairing.axis}=${value}; its values: ${values.join(', ')}`);
  }
  return pairing;
}
