import { environmentFacts } from '../compare/env-diff.js';

/** What a source directory ran on, as far as its figures can tell: every fact of its fingerprint. */
export interface MachineFacts {
  facts: Map<string, string>;
  /**
   * Equal for two runs in the same environment: every fact but the host name, so the shards of one run
   * on a fleet of like nodes are one environment, and a node with another GPU, glibc or setting is not.
   */
  identity: string;
}

export function machineFacts(environment: unknown, docker?: Record<string, unknown>): MachineFacts {
  const facts = environmentFacts(environment, docker);
  const identity = JSON.stringify([...facts].filter(([k]) => k !== 'host').sort(([a], [b]) => a.localeCompare(b)));
  return { facts, identity };
}

/** Longest machine label: it is an axis value, shown in tables and chart facets. */
const MAX_LABEL = 60;

/**
 * A short name for each distinct machine (environment): its host name when those differ, else the
 * facts that tell them apart ("python/cpu torch 1.13.0"), numbered when even those are equal or cut short.
 */
export function machineLabels(machines: readonly MachineFacts[]): string[] {
  if (machines.length < 2) return machines.map(() => 'this machine');
  const keys = [...new Set(machines.flatMap((m) => [...m.facts.keys()]))].sort();
  const differing = keys.filter((k) => new Set(machines.map((m) => m.facts.get(k) ?? '')).size > 1);
  const hostKey = differing.includes('host') ? ['host'] : [];
  const shown = hostKey.length && new Set(machines.map((m) => m.facts.get('host'))).size === machines.length ? hostKey : differing.filter((k) => k !== 'reclaim commit').slice(0, 3);
  const labels = machines.map((m) => {
    const text = shown.map((k) => (k === 'host' ? (m.facts.get(k) ?? '(none)') : `${k} ${m.facts.get(k) ?? '(none)'}`)).join(', ');
    return (text || 'machine').replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, MAX_LABEL).trim();
  });
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return labels.map((l, i) => (seen.get(l)! > 1 ? `${l} #${i + 1}`.trim() : l));
}
