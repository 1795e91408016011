import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../report/build-report.js';
import { writeResultsFixture, XSS } from '../fixtures/results-fixture.js';
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
