import { stringify } from 'csv-stringify/sync';

type Value = string | number | boolean | null | undefined;

/** Rounds MiB to 1/10000: below a page (1/256 MiB), and keeps files small. */
export function round(v: number | undefined, digits = 4): number | undefined {
  if (v === undefined || !Number.isFinite(v)) return undefined;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** CSV with a header row; undefined and null are written as empty fields. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, Value>[]): string {
  return stringify(
    rows.map((r) => columns.map((c) => r[c] ?? '')),
    { header: true, columns: [...columns], cast: { boolean: (b) => (b ? 'true' : 'false') } },
  );
}
