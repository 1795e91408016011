import { z } from 'zod';
import type { Overrides } from '../store/manifest.js';
import type { ScenarioJudgement } from '../figures/run-view.js';
import { DEFAULT_STRATEGY } from '../strategies/catalogue.js';
import { ExpectationSchema, type Expectation } from '../scenario/expectation-schema.js';

const Raw = z.looseObject({
  reference: z.string().optional().catch(undefined),
  iterations: z.number().optional().catch(undefined),
  matrix: z.looseObject({ strategy: z.array(z.unknown()).optional().catch(undefined) }).optional().catch(undefined),
  expect: z.array(z.unknown()).optional().catch(undefined),
});

/**
 * What each scenario compares against (`reference:`, default its first strategy) and expects
 * (`expect:`), from the scenarios as parsed, or as a results directory's manifest recorded them (then
 * untrusted: an expectation that does not parse is left out, and `warn` says so).
 */
export function judgementsOf(scenarios: readonly { name: string; raw: unknown }[], warn: (line: string) => void = () => {}, overrides: Overrides = {}): Map<string, ScenarioJudgement> {
  const out = new Map<string, ScenarioJudgement>();
  for (const s of scenarios) {
    const raw = Raw.safeParse(s.raw ?? {});
    const r = raw.success ? raw.data : {};
    const first = r.matrix?.strategy?.[0];
    const reference = r.reference ?? (first !== undefined ? String(first) : DEFAULT_STRATEGY);
    const expect: Expectation[] = [];
    (r.expect ?? []).forEach((e, i) => {
      const parsed = ExpectationSchema.safeParse(e);
      if (parsed.success) expect.push(parsed.data);
      else warn(`scenario ${s.name}: expect[${i}] is not an expectation (${parsed.error.issues[0]?.message}); left out`);
    });
    const changed = changedBy(overrides, r.iterations);
    out.set(s.name, { reference, expect, ...(changed ? { changed } : {}) });
  }
  return out;
}

/** What command-line overrides changed of a scenario that its expectations may depend on, in words. */
function changedBy(overrides: Overrides, iterations: number | undefined): string | undefined {
  const said: string[] = [];
  const written = iterations ?? 1;
  if (overrides.iterations !== undefined && overrides.iterations !== written) said.push(`--iterations ${overrides.iterations} where it says ${written}`);
  for (const [axis, values] of Object.entries(overrides.set ?? {})) said.push(`--set ${axis}=${values.join(',')}`);
  return said.length ? said.join(', ') : undefined;
}
