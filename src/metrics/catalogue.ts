import { RUNTIMES } from '../runtimes/registry.js';
import type { Metric, MetricInfo } from './metric.js';
import { OUTSIDE_METRICS } from './outside.js';

export type { Metric, MetricInfo };

/** Every metric: measured from outside, then what each runtime's runner reports from inside (registry order). */
export const METRICS: Readonly<Record<string, MetricInfo>> = Object.assign({}, OUTSIDE_METRICS, ...RUNTIMES.map((r) => r.metrics));

export const METRIC_NAMES: readonly Metric[] = Object.keys(METRICS);

export const IN_PROCESS_METRIC_NAMES: readonly Metric[] = METRIC_NAMES.filter((m) => !Object.hasOwn(OUTSIDE_METRICS, m));

export function isMetric(name: string): boolean {
  return Object.hasOwn(METRICS, name);
}

/** Where a metric is read (a runtime's are in-process). */
export function sourceOf(metric: Metric): NonNullable<MetricInfo['source']> {
  return (Object.hasOwn(METRICS, metric) ? METRICS[metric]!.source : undefined) ?? 'inproc';
}

/** The metrics drawn against nvidia-smi's per-process figure: GPU memory a process holds. */
export const GPU_HELD_METRICS: readonly Metric[] = METRIC_NAMES.filter((m) => METRICS[m]!.gpu === 'held');
