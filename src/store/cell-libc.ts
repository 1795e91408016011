import type { CellRecord } from './cell-record.js';

/** A record's C library as loaded ("glibc 2.41", "musl 1.2.3"), or undefined where it was not read (older runs, or it did not start). */
export const libcText = (r: CellRecord): string | undefined => (r.libc ? `${r.libc.name}${r.libc.version ? ` ${r.libc.version}` : ''}` : undefined);

/** The C libraries the runs loaded, each with the matrix cells that ran on it, in the records' order. */
export function libcsOfCells(records: readonly CellRecord[]): { libc: string; cells: string[] }[] {
  const by = new Map<string, Set<string>>();
  for (const r of records) {
    const l = libcText(r);
    if (!l) continue;
    if (!by.has(l)) by.set(l, new Set());
    by.get(l)!.add(r.matrixCell);
  }
  return [...by].map(([libc, cells]) => ({ libc, cells: [...cells] }));
}

/** The same in one line: "glibc 2.36 (every cell)", or "glibc 2.36: a, b; glibc 2.41: c" (12 cells named at most per library). */
export function libcsLine(records: readonly CellRecord[]): string | undefined {
  const all = libcsOfCells(records);
  if (all.length === 0) return undefined;
  if (all.length === 1) return `${all[0]!.libc} (every cell)`;
  return all.map(({ libc, cells }) => `${libc}: ${cells.slice(0, 12).join(', ')}${cells.length > 12 ? `, and ${cells.length - 12} more` : ''}`).join('; ');
}
