import { MODELS, findModel } from '../models/catalogue.js';
import { TRAIN_PHASES, type PlanStep } from '../protocol/plan.js';
import { ACTION_NAMES, RUNTIMES, SOURCE_NAMES } from '../runtimes/registry.js';
import { sourceRule, type DeviceCapabilities, type RuntimeDescriptor } from '../runtimes/runtime.js';
import type { Strategy } from '../strategies/strategy.js';
import type { RawStep } from './schema.js';
import { didYouMean, oneOf } from './suggest.js';

type Path = (string | number)[];
/** A problem at a path of the document; an empty message means "reported already, but this cell is invalid". */
export type Report = (path: Path, message: string) => void;

/** `oldest`, `newest` or a name, resolved against what is loaded at this point of the plan. */
function resolveLoaded(target: string, loaded: readonly string[]): string | undefined {
  const name = target === 'oldest' ? loaded[0] : target === 'newest' ? loaded[loaded.length - 1] : target;
  return name !== undefined && loaded.includes(name) ? name : undefined;
}

function loadedList(loaded: readonly string[]): string {
  return loaded.length ? `loaded: ${loaded.join(', ')}` : 'nothing is loaded at this point';
}

/** A prefix source (hf:<path>) names its model; a catalogue source needs `model`. */
function prefixRuleOf(source: string) {
  for (const r of RUNTIMES) {
    const rule = sourceRule(r, source);
    if (rule?.prefix) return rule;
  }
  return undefined;
}

/**
 * Unrolls interpolated steps into the runner's plan: repeats expanded, `oldest`/`newest` resolved to
 * names, the strategy's actions attached to each unload, marks numbered with their cycle (the
 * iteration of the outermost repeat). Problems go to `report` with their path in the document.
 */
export function flattenSteps(
  steps: readonly RawStep[],
  strategy: Strategy,
  runtime: RuntimeDescriptor,
  can: DeviceCapabilities,
  report: Report,
): PlanStep[] {
  const out: PlanStep[] = [];
  const loaded: string[] = [];
  const reported = new Set<string>();
  const once: Report = (path, message) => {
    const key = `${path.join('.')}|${message}`;
    if (!reported.has(key)) reported.add(key), report(path, message);
  };
  let marks = 0;
  let requests = 0;

  // `during`: inside a requests step's `during`, while requests are in flight (no marks there).
  const walk = (list: readonly RawStep[], path: Path, cycle: number | null, during = false): void => {
    list.forEach((step, i) => {
      const at: Path = [...path, i];
      if ('load' in step) {
        const source = step.load.source ?? 'auto';
        const prefix = prefixRuleOf(source);
        const model = step.load.model ?? (prefix ? source.slice(prefix.name.length) : undefined);
        if (model === undefined) return once([...at, 'load'], 'a load needs a model (or an hf:<name-or-path> source)');
        const name = step.load.name ?? model;
        // A load refused below still counts as loaded: its unload should not also be "nothing is loaded".
        const refuse = (where: Path, message: string) => {
          if (!loaded.includes(name)) loaded.push(name);
          once(where, message);
        };
        if (!RUNTIMES.some((r) => sourceRule(r, source))) {
          return refuse([...at, 'load', 'source'], `unknown source "${source}"${didYouMean(source, SOURCE_NAMES)}; ${oneOf(SOURCE_NAMES)}`);
        }
        const rule = sourceRule(runtime, source);
        if (!rule) return refuse([...at, 'load', 'source'], `runtime ${runtime.name} cannot load source "${source}"`);
        if (!rule.prefix) {
          const spec = findModel(model);
          const names = MODELS.map((m) => m.name);
          if (!spec) return refuse([...at, 'load', 'model'], `unknown model "${model}"${didYouMean(model, names)}; ${oneOf(names)}`);
          const refused = rule.refuses?.(spec);
          if (refused) return refuse([...at, 'load', 'source'], refused);
        }
        if (loaded.includes(name)) return once([...at, 'load'], `"${name}" is already loaded; give this load another name`);
        loaded.push(name);
        out.push({ op: 'load', name, model, source });
      } else if ('infer' in step || 'to' in step) {
        const op = 'infer' in step ? 'infer' : 'to';
        const ref = 'infer' in step ? step.infer : step.to;
        if (!can.ops.includes(op)) return once([...at, op], `runtime ${runtime.name} has no step ${op} on this device`);
        const target = typeof ref === 'string' ? ref : ref.name;
        const name = resolveLoaded(target, loaded);
        if (name === undefined) return once([...at, op], `cannot ${op === 'to' ? 'move' : 'infer with'} "${target}": ${loadedList(loaded)}`);
        out.push({ op, name });
      } else if ('train' in step) {
        const t = step.train;
        if (!can.ops.includes('train_begin')) return once([...at, 'train'], `runtime ${runtime.name} has no step train on this device`);
        const name = resolveLoaded(t.model, loaded);
        if (name === undefined) return once([...at, 'train', 'model'], `cannot train "${t.model}": ${loadedList(loaded)}`);
        for (const k of ['steps', 'batch', 'seq', 'lr'] as const) {
          const v = t[k];
          // A string here came from a matrix value: "${x}" unresolved is reported elsewhere.
          if (typeof v === 'string') return once([...at, 'train', k], v.includes('${') ? '' : `expected a number, got "${v}"`);
          if (k === 'lr' && v !== undefined && !(v > 0)) return once([...at, 'train', k], `expected a positive number, got ${v}`);
          if (k !== 'lr' && v !== undefined && !(Number.isInteger(v) && v >= 1)) return once([...at, 'train', k], `expected a whole number >= 1, got ${v}`);
        }
        const cp = t.checkpointing ?? 'off';
        if (cp !== 'on' && cp !== 'off') return once([...at, 'train', 'checkpointing'], cp.includes('${') ? '' : `expected on or off, got "${cp}"`);
        const steps = t.steps as number;
        out.push({ op: 'train_begin', name, batch: t.batch as number, seq: t.seq as number, lr: (t.lr as number | undefined) ?? 1e-4, checkpointing: cp === 'on' });
        for (let n = 1; n <= steps; n++) {
          for (const phase of TRAIN_PHASES) {
            out.push({ op: 'train_phase', name, step: n, phase });
            out.push({ op: 'mark', index: marks++, label: `${name} step ${n} after ${phase}`, cycle, settled: false, training: true });
          }
        }
        out.push({ op: 'train_end', name });
      } else if ('unload' in step) {
        const target = typeof step.unload === 'string' ? step.unload : step.unload.name;
        const name = resolveLoaded(target, loaded);
        if (name === undefined) return once([...at, 'unload'], `cannot unload "${target}": ${loadedList(loaded)}`);
        loaded.splice(loaded.indexOf(name), 1);
        out.push({ op: 'unload', name, before: [...strategy.beforeUnload], after: [...strategy.afterUnload] });
      } else if ('release' in step) {
        const actions = Array.isArray(step.release) ? step.release : [step.release];
        if (actions.some((a) => a.includes('${'))) return once([...at, 'release'], ''); // unknown variable, reported already
        const unknown = actions.filter((a) => !ACTION_NAMES.includes(a));
        if (unknown.length) return once([...at, 'release'], `unknown action "${unknown[0]}"${didYouMean(unknown[0]!, ACTION_NAMES)}; ${oneOf(ACTION_NAMES)}`);
        const missing = actions.filter((a) => !can.actions.includes(a));
        if (missing.length) return once([...at, 'release'], `runtime ${runtime.name} has no action ${missing.join(', ')}; it has: ${can.actions.join(', ')}`);
        out.push({ op: 'release', actions });
      } else if ('requests' in step) {
        const r = step.requests;
        if (!can.ops.includes('requests_begin')) return once([...at, 'requests'], `runtime ${runtime.name} has no step requests (it is not a server)`);
        if (during) return once([...at, 'requests'], 'requests cannot be nested in another requests step');
        const name = resolveLoaded(r.model, loaded);
        if (name === undefined) return once([...at, 'requests', 'model'], `cannot send requests to "${r.model}": ${loadedList(loaded)}`);
        for (const k of ['count', 'concurrency', 'timeout'] as const) {
          const v = r[k];
          if (typeof v === 'string') return once([...at, 'requests', k], v.includes('${') ? '' : `expected a number, got "${v}"`);
        }
        const id = requests++;
        const count = r.count as number;
        const concurrency = Math.min((r.concurrency as number | undefined) ?? 1, count);
        out.push({ op: 'requests_begin', id, name, count, concurrency, timeout_ms: Math.round(((r.timeout as number | undefined) ?? 60) * 1000) });
        if (r.during) walk(r.during, [...at, 'requests', 'during'], cycle, true);
        out.push({ op: 'requests_end', id });
      } else if ('mark' in step) {
        // A mark is taken while the server is idle: not while requests are in flight.
        if (during) return once([...at, 'mark'], 'no mark inside requests.during: marks are taken when no request is in flight (put it after the requests step)');
        const m = typeof step.mark === 'string' ? { label: step.mark, settled: false } : step.mark;
        out.push({ op: 'mark', index: marks++, label: m.label, cycle, settled: m.settled ?? false });
      } else if ('sleep' in step) {
        if (typeof step.sleep !== 'number') return once([...at, 'sleep'], step.sleep.includes('${') ? '' : `expected a number of seconds, got "${step.sleep}"`);
        out.push({ op: 'sleep', ms: Math.round(step.sleep * 1000) });
      } else if ('keep' in step) {
        if (typeof step.keep !== 'number') return once([...at, 'keep'], step.keep.includes('${') ? '' : `expected a number of bytes, got "${step.keep}"`);
        if (!can.ops.includes('keep')) return once([...at, 'keep'], `runtime ${runtime.name} has no step keep on this device`);
        out.push({ op: 'keep', bytes: step.keep });
      } else if ('spike' in step) {
        if (typeof step.spike !== 'number') return once([...at, 'spike'], step.spike.includes('${') ? '' : `expected a number of bytes, got "${step.spike}"`);
        if (!can.ops.includes('spike')) return once([...at, 'spike'], `runtime ${runtime.name} has no step spike on this device`);
        out.push({ op: 'spike', bytes: step.spike });
      } else if ('init' in step) {
        if (!can.ops.includes('init')) return once([...at, 'init'], `runtime ${runtime.name} has no step init (it creates its context on the first load)`);
        out.push({ op: 'init' });
      } else if ('repeat' in step) {
        const times = step.repeat.times;
        if (typeof times === 'string' && times.includes('${')) return once([...at, 'repeat', 'times'], ''); // unknown variable, reported already
        if (typeof times !== 'number' || !Number.isInteger(times) || times < 0) {
          return once([...at, 'repeat', 'times'], `expected a whole number >= 0, got ${JSON.stringify(times)}`);
        }
        for (let n = 0; n < times; n++) walk(step.repeat.steps, [...at, 'repeat', 'steps'], cycle ?? n, during);
      }
    });
  };
  walk(steps, ['steps'], null);
  return out;
}
