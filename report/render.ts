import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT } from '../src/figures/theme.js';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** The PNG renderer gets its font from the dejavu-fonts-ttf package, not the system: same PNG everywhere. */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => path.join(FONT_DIR, f));

/** Vega-Lite -> Vega -> SVG, headless (vega's View.toSVG escapes every text it writes). */
export async function renderSvg(spec: TopLevelSpec, logger?: vega.LoggerInterface): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec, logger ? { logger } : {}).spec), { renderer: 'none', ...(logger ? { logger, logLevel: vega.Warn } : {}) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG -> PNG at twice the size, for sharp images in posts. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  return resvg.render().asPng();
}
