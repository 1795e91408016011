import { environmentFacts } from '../compare/env-diff.js';

/** What a source directory ran on, as far as its figures can tell: every fact of its fingerprint. */
export interface MachineFacts {
  facts: Map<string, string>;
  /**
   * Equal for two runs in the same environment: every fact but the host name and total RAM, so the
   * shards of one run on a fleet of like nodes are one environment, and a node with another GPU, glibc,
   * kernel or setting is not.
   */
  identity: string;
}

/** Facts that differ between like nodes (the host name; total RAM, a few MiB apart on identical hardware). */
const VOLATILE = new Set(['host', 'memory MiB']);

export function machineFacts(environment: unknown, docker?: Record<string, unknown>): MachineFacts {
  const facts = environmentFacts(environment, docker);
  const identity = JSON.stringify([...facts].filter(([k]) => !VOLATILE.has(k)).sort(([a], [b]) => a.localeCompare(b)));
  return { facts, identity };
}

/** Longest machine label: it is an axis value, shown in tables and chart facets. */
const MAX_LABEL = 60;

/** Text from a shared directory made safe to print: control characters (terminal escapes) become spaces. */
export const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');

/** Which differing facts name a machine best: versions before paths, the commit last. */
function rank(key: string): number {
  if (key === 'glibc') return 0;
  if (/^\S+\/\S+ (?!detail$)\S+$/.test(key)) return 1; // a library's version, e.g. "python/cpu torch"
  if (key === 'kernel' || key === 'CPU' || key === 'distribution') return 2;
  if (key.startsWith('env ')) return 3;
  if (key.endsWith(' detail') || key === 'reclaim commit') return 5;
  return 4;
}

/** A fact as a label shows it: "torch 2.5.1" rather than "python/cpu torch 2.5.1". */
const shown = (key: string, value: string | undefined) => `${rank(key) === 1 ? key.split(' ')[1] : key} ${value ?? '(none)'}`;

/**
 * A short name for each distinct machine (environment): its host name when those differ, else the two
 * facts that best tell them apart ("torch 1.13.0a0, python 3.11.2"), numbered when even those are
 * equal or cut short.
 */
export function machineLabels(machines: readonly MachineFacts[]): string[] {
  if (machines.length < 2) return machines.map(() => 'this machine');
  const keys = [...new Set(machines.flatMap((m) => [...m.facts.keys()]))].sort();
  const differing = keys.filter((k) => new Set(machines.map((m) => m.facts.get(k) ?? '')).size > 1);
  const hosts = machines.map((m) => m.facts.get('host'));
  const byHost = hosts.every((h) => h !== undefined) && new Set(hosts).size === machines.length;
  const facts = differing.filter((k) => k !== 'host').sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const labels = machines.map((m) => {
    const parts = byHost ? [m.facts.get('host') ?? '(none)'] : [...new Set(facts.map((k) => shown(k, m.facts.get(k))))].slice(0, 2);
    return printable(parts.join(', ') || 'machine').slice(0, MAX_LABEL).trim();
  });
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return labels.map((l, i) => (seen.get(l)! > 1 ? `${l} #${i + 1}`.trim() : l));
}
