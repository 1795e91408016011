import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { findModel } from '../models/catalogue.js';
import type { Runtime, SourceRule } from '../runtimes/runtime.js';
import { STRATEGIES } from '../strategies/catalogue.js';
import { resolvePreload } from '../strategies/preload.js';
import type { Strategy } from '../strategies/strategy.js';

/** The model a user names: a catalogue name, or a directory of theirs that a source of the runtime loads (hf:DIR). */
export interface AdviseModel {
  label: string;
  load: { model?: string; source?: string };
}

/** The sources of a runtime that load a model the user saved (hf:<directory>, onnx:<file>...). */
export function userModelSources(runtime: Runtime): SourceRule[] {
  return runtime.sources.filter((s) => s.userModel && s.prefix);
}

/** What the user's MODEL argument is, or why it is none the runtime can load. */
export function adviseModel(arg: string, runtime: Runtime): AdviseModel | string {
  const own = userModelSources(runtime);
  const mine = own.find((s) => arg.startsWith(s.name));
  if (mine) {
    // Advise runs what is on this machine: nothing is downloaded, so the directory or file must be here.
    const where = arg.slice(mine.name.length);
    const isDir = existsSync(where) && statSync(where).isDirectory();
    const isFile = existsSync(where) && statSync(where).isFile();
    if (!where || (mine.userModel === 'directory' ? !isDir : !isFile)) return `${arg}: no such ${mine.userModel} here (advise loads a model saved on this machine; nothing is downloaded)`;
    // Absolute in the scenario it writes: `reclaim run DIR/advise.yaml` may run from another directory.
    return { label: where.replace(/\/+$/, '').split('/').pop() || 'model', load: { source: `${mine.name}${path.resolve(where)}` } };
  }
  const model = findModel(arg);
  if (!model) return `"${arg}" is neither a catalogue model (reclaim list) nor ${own.map((s) => `${s.name}<a ${s.userModel} of yours>`).join(' nor ') || 'a model of yours this runtime loads'}`;
  const faithful = runtime.sources.find((s) => s.faithful && !s.refuses?.(model));
  return { label: arg, load: faithful ? { model: arg, source: faithful.name } : { model: arg } };
}

/**
 * The strategies worth trying on this runtime's CPU: those whose actions and isolation it has and whose
 * preloaded libraries are installed; the others, with why not. The GPU's and those that only a server
 * driven from outside can take are left out by the same rule.
 */
export function candidates(runtime: Runtime): { try: Strategy[]; not: { name: string; why: string }[] } {
  const cpu = runtime.devices.cpu;
  const out: Strategy[] = [];
  const not: { name: string; why: string }[] = [];
  for (const s of STRATEGIES) {
    if (!cpu) break;
    const missing = [...s.beforeUnload, ...s.afterUnload].filter((a) => !cpu.actions.includes(a));
    if (missing.length) continue; // another device's or runtime's strategy: not a candidate at all
    if (!cpu.isolation.includes(s.isolation)) continue;
    const lib = s.preload.map(resolvePreload).find((r) => 'reason' in r);
    if (lib && 'reason' in lib) {
      not.push({ name: s.name, why: lib.reason });
      continue;
    }
    out.push(s);
  }
  return { try: out, not };
}

/** The scenario advise runs: the article's shape (load, infer, unload, reload) under every candidate. */
export function adviseScenario(model: AdviseModel, runtime: Runtime, strategies: readonly Strategy[]): string {
  const load = { ...model.load, name: 'm' };
  const doc = {
    name: 'advise',
    description: `reclaim advise ${model.label}: which strategy returns this model's memory after an unload, and what it costs to load it again`,
    runtime: runtime.name,
    device: 'cpu',
    matrix: { strategy: strategies.map((s) => s.name) },
    reference: 'del-gc',
    steps: [
      { mark: 'initial' },
      { load },
      { infer: 'm' },
      { mark: 'loaded' },
      { unload: 'm' },
      { mark: 'after unload' },
      { load },
      { infer: 'm' },
      { unload: 'm' },
      { mark: { label: 'after reload and unload', settled: true } },
    ],
  };
  return `# Written by reclaim advise: run it again with reclaim run <this file> --repeat 5\n${stringify(doc)}`;
}
