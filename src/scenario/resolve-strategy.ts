import { STRATEGIES, findStrategy } from '../strategies/catalogue.js';
import { strategy, type Strategy } from '../strategies/strategy.js';
import type { RawStrategyDef } from './schema.js';
import { didYouMean, oneOf } from './suggest.js';

/**
 * A strategy by name: one the scenario defines (built on `extends`, default the plain del + gc), else
 * one of the catalogue. Returns an error message instead when the name is unknown or `extends` loops.
 */
export function resolveStrategy(name: string, defs: Readonly<Record<string, RawStrategyDef>>, seen: string[] = []): Strategy | string {
  // Own properties only: "toString" or "constructor" are strategies only where the scenario defines them.
  const def = Object.hasOwn(defs, name) ? defs[name] : undefined;
  if (!def) {
    const known = findStrategy(name);
    if (known) return known;
    const names = [...Object.keys(defs), ...STRATEGIES.map((s) => s.name)];
    return `unknown strategy "${name}"${didYouMean(name, names)}; ${oneOf(names)}`;
  }
  if (seen.includes(name)) return `strategy "${name}" extends itself (${[...seen, name].join(' -> ')})`;
  let base = strategy({ name, description: '' });
  if (def.extends !== undefined) {
    const parent = resolveStrategy(def.extends, defs, [...seen, name]);
    if (typeof parent === 'string') return parent;
    base = parent;
  }
  return {
    ...base,
    name,
    description: def.description ?? (def.extends ? `${def.extends}, changed by the scenario` : 'defined by the scenario'),
    origin: undefined,
    env: { ...base.env, ...def.env },
    preload: def.preload ?? base.preload,
    setenvInProcess: { ...base.setenvInProcess, ...def.setenv_in_process },
    beforeUnload: def.before_unload ?? base.beforeUnload,
    afterUnload: def.after_unload ?? base.afterUnload,
    options: { ...base.options, ...def.options },
    isolation: def.isolation ?? base.isolation,
  };
}
