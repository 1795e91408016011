import path from 'node:path';
import { errorMessage } from '../errors.js';
import { libcOf, releaseImage } from '../libc/choice.js';
import type { DebianRelease } from '../libc/releases.js';
import type { CellRunner } from '../orchestrator/cell-runner.js';
import type { Cell } from '../scenario/cell.js';
import { checkImage } from './docker-image.js';
import { dockerCellRunner } from './run-in-container.js';

const releaseOf = (cell: Cell): DebianRelease | undefined => {
  const l = libcOf(cell.axes);
  return l.kind === 'debian' ? l.release : undefined;
};

/** Whether a cell runs in a Debian release's image (its libc is debian-<release>). */
export const inReleaseImage = (cell: Cell): boolean => releaseOf(cell) !== undefined;

/**
 * The libc axis's debian-<release> cells run each in a fresh container of that release's image
 * (reclaim:cpu-<release>, as --docker runs cells), the others where `base` runs them; a release whose
 * image or engine is missing skips its cells, saying how to get them.
 */
export async function withReleaseImages(base: CellRunner, cells: readonly Cell[], cache: string): Promise<{ runner: CellRunner; cells: Cell[] }> {
  const releases = [...new Set(cells.map(releaseOf).filter((r): r is DebianRelease => r !== undefined))];
  if (releases.length === 0) return { runner: base, cells: [...cells] };
  const runners = new Map<DebianRelease, CellRunner>();
  const missing = new Map<DebianRelease, string>();
  for (const r of releases) {
    try {
      runners.set(r, dockerCellRunner('cpu', await checkImage(releaseImage(r), 'cpu', `libc debian-${r}`, '`make docker-images-libc`'), path.join(cache, `docker-cpu-${r}`)));
    } catch (err) {
      missing.set(r, errorMessage(err));
    }
  }
  const out = cells.map((c) => {
    const r = releaseOf(c);
    return r && missing.has(r) && !c.skip ? { ...c, skip: missing.get(r)! } : c;
  });
  const pick = (cell: Cell) => {
    const r = releaseOf(cell);
    return r ? runners.get(r) : undefined;
  };
  return {
    cells: out,
    runner: {
      async describe() {
        const own = await base.describe();
        const images: Record<string, unknown> = {};
        for (const [r, runner] of runners) images[r] = (await runner.describe()).docker;
        return { docker: { ...(own.docker ?? {}), release_images: images } };
      },
      async prepare(all, progress) {
        await base.prepare(all.filter((c) => !pick(c)), progress);
      },
      run: (one) => (pick(one.cell) ?? base).run(one),
    },
  };
}
