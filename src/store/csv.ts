import { stringify } from 'csv-stringify/sync';

export type Value = string | number | boolean | null | undefined;

/** A CSV column: its name, how to read it from a row, and (for figures) the digits it is written with. */
export interface CsvColumn<R> {
  name: string;
  get(row: R): Value;
  digits?: number;
}

/** Rounds MiB to 1/10000 by default: below a page (1/256 MiB), and keeps files small. */
export function round(v: number | undefined, digits = 4): number | undefined {
  if (v === undefined || !Number.isFinite(v)) return undefined;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** CSV with a header row; undefined, null and non-finite numbers are written as empty fields; `digits` rounds a column. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, Value>[], digits: Readonly<Record<string, number>> = {}, header = true): string {
  return stringify(
    rows.map((r) =>
      columns.map((c) => {
        const v = r[c];
        if (typeof v === 'number') return (digits[c] === undefined ? (Number.isFinite(v) ? v : undefined) : round(v, digits[c])) ?? '';
        return v ?? '';
      }),
    ),
    { header, columns: [...columns], cast: { boolean: (b) => (b ? 'true' : 'false') } },
  );
}

/** CSV of typed rows through their columns. */
export function columnsCsv<R>(columns: readonly CsvColumn<R>[], rows: readonly R[]): string {
  const digits = Object.fromEntries(columns.filter((c) => c.digits !== undefined).map((c) => [c.name, c.digits!]));
  return toCsv(
    columns.map((c) => c.name),
    rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, c.get(r)]))),
    digits,
  );
}
