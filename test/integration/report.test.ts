import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../report/build-report.js';
import { writeResultsFixture, XSS } from '../fixtures/results-fixture.js';
import { readCsv, reclaim, tmp } from './helpers.js';

describe('reclaim report', () => {
  let dir: string;
  let report: string;
  beforeAll(async () => {
    dir = writeResultsFixture(tmp('report'));
    report = (await buildReport(dir)).reportDir;
  });

  it('writes index.html, summary.md, CSVs, the vega builds, and an SVG and a PNG per chart with data', () => {
    const files = readdirSync(report).sort();
    expect(files).toEqual(
      [
        'fixture-cpu-marks.png', 'fixture-cpu-marks.svg', 'fixture-cpu-residual.png', 'fixture-cpu-residual.svg',
        'fixture-cpu-timeseries.png', 'fixture-cpu-timeseries.svg',
        'fixture-gpu-marks.png', 'fixture-gpu-marks.svg', 'fixture-gpu-residual.png', 'fixture-gpu-residual.svg',
        'fixture-gpu-timeseries.png', 'fixture-gpu-timeseries.svg', 'fixture-gpu-vram.png', 'fixture-gpu-vram.svg',
        'fixture-train-marks.png', 'fixture-train-marks.svg', 'fixture-train-residual.png', 'fixture-train-residual.svg',
        'fixture-train-timeseries.png', 'fixture-train-timeseries.svg', 'fixture-train-training.png', 'fixture-train-training.svg',
        'index.html', 'marks.csv', 'samples.csv', 'summary.csv', 'summary.md', 'training.csv', 'variants.csv', 'vendor',
      ].sort(),
    );
    expect(readdirSync(path.join(report, 'vendor')).sort()).toEqual(['vega-embed.min.js', 'vega-lite.min.js', 'vega.min.js']);
    const png = readFileSync(path.join(report, 'fixture-cpu-marks.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // CPU runs have no VRAM or training data: those charts are left out, not drawn empty.
    expect(existsSync(path.join(report, 'fixture-cpu-vram.svg'))).toBe(false);
  });

  it('shows failed cells as failed, with their reason, and hostile strings as text', () => {
    const html = readFileSync(path.join(report, 'index.html'), 'utf8');
    expect(html).toContain('<tr class="status-failed">');
    expect(html).toContain('<strong>failed</strong>: the runner exited with code 1: &lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const md = readFileSync(path.join(report, 'summary.md'), 'utf8');
    expect(md).toContain('**Not ok:**');
    expect(md).toMatch(/`fixture-cpu\.broken\.source-synthetic\.r1`: failed: the runner exited with code 1: &lt;script&gt;/);
    expect(md).toContain('![fixture-cpu: private memory at each mark](fixture-cpu-marks.png)');
    for (const svg of readdirSync(report).filter((f) => f.endsWith('.svg'))) expect(readFileSync(path.join(report, svg), 'utf8')).not.toContain('<img');
  });

  it('training cells get their own table: peak over the steps, step time, saving and slowdown of checkpointing', () => {
    const [off, on] = readCsv(path.join(report, 'training.csv'));
    expect(off).toMatchObject({ variant: 'train', checkpointing: 'off', train_peak_mib: '2405', step_s_median: '0.12', loss_final: '0.65', saving_mib: '' });
    expect(on).toMatchObject({ checkpointing: 'on', train_peak_mib: '1305', saving_mib: '1100', saving_pct: '45.7', slowdown_pct: '29.2' });
    const md = readFileSync(path.join(report, 'summary.md'), 'utf8');
    expect(md).toContain('## Training');
    expect(md).toMatch(/\| train \| cpu \| on \| 4 \| 64 \| 2 \| 1305\.0 \| 0\.155 \| 1100\.0 \| 45\.7% \| 29\.2% \| 0\.650000 \|/);
    expect(readFileSync(path.join(report, 'index.html'), 'utf8')).toContain('<h3 id="training">Training</h3>');
  });

  it('marks.csv is tidy: one row per cell, mark and metric', () => {
    const marks = readCsv(path.join(report, 'marks.csv'));
    const del = marks.filter((m) => m.cell === 'fixture-cpu.del-gc.source-synthetic.r1');
    expect(del).toHaveLength(7 * 3); // 7 marks x private, rss, anon
    expect(del[0]).toMatchObject({ scenario: 'fixture-cpu', variant: 'del-gc', repeat: '1', index: '0', metric: 'rss', value_mib: '400' });
    expect(readCsv(path.join(report, 'summary.csv')).map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'failed', 'ok', 'ok', 'ok']);
    expect(readCsv(path.join(report, 'samples.csv')).length).toBeGreaterThan(100);
  });

  it('the CLI: report <dir>, --latest, and a clear error for a non-results directory', async () => {
    const r = await reclaim(['report', dir]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout.trim()).toBe(`report: ${path.join(dir, 'report', 'index.html')}`);
    // --latest: the newest run under ./results
    const cwd = tmp('latest');
    writeResultsFixture(path.join(cwd, 'results', '20260101-000000-old'));
    writeResultsFixture(path.join(cwd, 'results', '20260102-000000-new'));
    const latest = await reclaim(['report', '--latest'], {}, cwd);
    expect(latest.stdout.trim()).toBe(`report: ${path.join('results', '20260102-000000-new', 'report', 'index.html')}`);
    expect((await reclaim(['report', '--latest'], {}, tmp('none'))).stderr).toMatch(/^reclaim report --latest: no run under /);
    const bad = await reclaim(['report', tmp('empty')]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.trim()).toMatch(/is not a results directory \(no manifest\.json\); reclaim run writes one$/);
  });
});
