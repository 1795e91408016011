import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICE_NAMES } from '../../src/runtimes/devices.js';
import { RUNTIME_NAMES } from '../../src/runtimes/registry.js';
import { IN_PROCESS_METRIC_NAMES } from '../../src/metrics/catalogue.js';
import { ROOT } from '../integration/helpers.js';

/** Libraries and sources that belong to one runtime's folder. */
const LIBRARIES = ['torch', 'transformers', 'onnxruntime', 'onnx', 'koffi', 'cudart', 'pretrained', 'hf:', 'AutoModel'];

/**
 * Places outside src/runtimes/<name>/ that may name a runtime, device or library in code, and why.
 * Keep it short: each entry is a design decision, not a convenience.
 */
const ALLOWED: { file: string; text: string; why: string }[] = [];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Code without comments and without the descriptions and messages that may name anything. */
function code(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, ''));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('no runtime-specific logic outside src/runtimes/<name>/', () => {
  const names = [...RUNTIME_NAMES, ...DEVICE_NAMES, ...LIBRARIES];
  const quoted = `['"\`](?:${names.map(escape).join('|')})['"\`]`;
  const branch = new RegExp(
    [`(?:===|!==|==|!=)\\s*${quoted}`, `${quoted}\\s*(?:===|!==|==|!=)`, `case\\s+${quoted}`, `\\.(?:includes|startsWith|endsWith|has|get|indexOf)\\(\\s*${quoted}`, `${quoted}\\s*:\\s*\\{`].join('|'),
  );
  const metric = new RegExp(`\\b(?:${IN_PROCESS_METRIC_NAMES.map(escape).join('|')})\\b`);

  const sources = [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'report'))].filter(
    (f) => !/src\/runtimes\/[^/]+\//.test(path.relative(ROOT, f)),
  );

  it('no comparison with a runtime, device or library name, and no in-process metric named, elsewhere', () => {
    const found: string[] = [];
    for (const file of sources) {
      const rel = path.relative(ROOT, file);
      code(readFileSync(file, 'utf8')).forEach((line, i) => {
        if (!branch.test(line) && !metric.test(line)) return;
        if (ALLOWED.some((a) => a.file === rel && line.includes(a.text))) return;
        found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
    // An entry that allows nothing any more goes.
    for (const a of ALLOWED) expect(readFileSync(path.join(ROOT, a.file), 'utf8'), a.why).toContain(a.text);
  });

  it('catches what it is meant to catch', () => {
    expect(branch.test(`if (device === 'cuda') {`)).toBe(true);
    expect(branch.test(`case 'python':`)).toBe(true);
    expect(branch.test(`source.startsWith('hf:')`)).toBe(true);
    expect(metric.test('const held = inproc.torch_reserved ?? 0;')).toBe(true);
    expect(branch.test(`const runtime = findRuntime(name);`)).toBe(false);
  });
});
