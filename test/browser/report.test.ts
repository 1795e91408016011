import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../report/build-report.js';
import { okRun, writeRun } from '../fixtures/records.js';
import { writeResultsFixture, XSS } from '../fixtures/results-fixture.js';
import type { CellRecord } from '../../src/store/cell-record.js';
import { ROOT, tmp } from '../integration/helpers.js';

/** Debian's chromium (.ci/run installs it); never a downloaded browser. */
const CHROMIUM = process.env.RECLAIM_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-output');

describe('index.html in headless Chromium, offline', () => {
  let browser: Browser;
  let index: string;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or set RECLAIM_CHROMIUM)`);
    const dir = writeResultsFixture(tmp('browser'));
    index = path.join((await buildReport(dir)).reportDir, 'index.html');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-quic'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart, with no console error, no request outside the file and no script from the data', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const outside: string[] = [];
    const errors: string[] = [];
    const dialogs: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });

    await page.goto(pathToFileURL(index).href);
    const charts = await page.locator('.chart').count();
    expect(charts).toBe(11);
    // vega-embed draws each chart as an <svg class="marks">; wait until all are there with marks inside.
    await page.waitForFunction((n) => document.querySelectorAll('.chart svg.marks').length === n, charts, { timeout: 30_000 });
    for (const chart of await page.locator('.chart').all()) {
      const drawn = await chart.locator('svg.marks path, svg.marks line, svg.marks circle').count();
      expect(drawn, await chart.getAttribute('id') ?? '').toBeGreaterThan(0);
    }

    // The hostile variant name is shown as text, never as an element.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#summary table').first().innerText()).toContain(XSS);
    expect(await page.locator('#not-ok').innerText()).toContain('<script>alert(2)</script>');
    expect(await page.locator('#training + p + table').innerText()).toMatch(/on\s+4\s+64\s+2\s+1305\.0/);
    await page.hover('#chart-fixture-cpu-marks svg.marks'); // tooltips must not execute either

    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

describe('the report opens on its answer (issue 19)', () => {
  let browser: Browser;
  let index: string;
  beforeAll(async () => {
    // Nine variants of five runs, with costs and expectations: what make bench writes, made from figures.
    const variants: [string, number[], number][] = [
      ['del-gc', [338, 354, 363, 354, 505], 280],
      ['malloc-trim', [11.1, 11.0, 11.1, 11.1, 11.0], 360],
      ['trim-threshold-startup', [12.2, 12.2, 12.3, 12.2, 12.2], 285],
      ['jemalloc-no-decay', [12.8, 12.8, 12.9, 12.8, 12.8], 245],
      ['tcmalloc', [502, 500, 502, 501, 502], 205],
    ];
    const records = variants.flatMap(([variant, kept, ms]) =>
      kept.map((retained, i) => {
        const r = okRun('article-cpu', variant, i + 1, retained);
        return { ...r, figures: { ...(r.status === 'ok' ? r.figures : {}), costs: { release_ms: ms * 0.6 + i, reload_ms: ms * 0.4 - i, load_ms: 110 } } } as CellRecord;
      }),
    );
    const raw = { reference: 'del-gc', expect: [{ variant: 'malloc-trim', at_most: 25 }, { variant: 'malloc-trim', better_than: 'del-gc' }, { variant: 'tcmalloc', at_most: 25 }] };
    const dir = writeRun(tmp('browser-answer'), records, {}, raw);
    index = path.join((await buildReport(dir)).reportDir, 'index.html');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('first the verdict line, then the residual chart, then the summary; every run collapsed at the end', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(index).href);
    await page.waitForFunction(() => document.querySelectorAll('.chart svg.marks').length === document.querySelectorAll('.chart').length, undefined, { timeout: 30_000 });
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
    expect(await page.locator('.verdict-line').innerText()).toBe('article-cpu: 2 of 3 expectations hold (1 failed)');
    expect(await top('.verdict-line')).toBeLessThan(await top('#chart-article-cpu-residual'));
    expect(await top('#chart-article-cpu-residual')).toBeLessThan(await top('#summary table'));
    expect(await top('#summary table')).toBeLessThan(await top('#charts'));
    expect(await page.locator('#answer #summary table').innerText()).toMatch(/malloc-trim\s+5\s+11\.1.*better/);
    expect(await page.locator('#runs details').getAttribute('open')).toBeNull();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'report-first-screen.png') });
    await page.locator('#figure-article-cpu-tradeoff').screenshot({ path: path.join(SHOTS, 'report-tradeoff.png') });
  });
});
