import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { cacheDir } from '../../paths.js';
import type { CellPlan } from '../../protocol/plan.js';
import { sha256 } from '../../sha256.js';
import { writeFileAtomic } from '../../store/atomic.js';
import { readInside } from '../../store/safe-read.js';
import type { FoundPython } from './find-python.js';

const Marker = z.object({ prepared: z.array(z.string()).max(1000) });

/**
 * The checkpoints a plan's `pretrained` loads need, once built: remembered under the cache, keyed by the
 * interpreter, its transformers version, the models and the seed, and trusted while every one exists.
 */
export function preparedMarker(found: FoundPython, plan: CellPlan): { done(): boolean; remember(stdout: string): void } {
  const models = [...new Set(plan.steps.flatMap((s) => (s.op === 'load' && s.source === 'pretrained' ? [s.model] : [])))].sort();
  const key = sha256(JSON.stringify([found.python, found.probe.transformers, plan.seed, plan.cacheDir, models.map((m) => plan.models[m] ?? m)]));
  const file = path.join(cacheDir(), 'prepared', `${key.slice(0, 24)}.json`);
  return {
    done() {
      try {
        const m = Marker.parse(JSON.parse(readInside(path.dirname(file), path.basename(file), 256 * 1024) ?? ''));
        return m.prepared.length === models.length && m.prepared.every((dir) => existsSync(path.join(dir, 'config.json')));
      } catch {
        return false;
      }
    },
    remember(stdout) {
      const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{"prepared"'));
      try {
        if (line) writeFileAtomic(file, `${JSON.stringify(Marker.parse(JSON.parse(line)))}\n`);
      } catch {
        // not remembered: the next run asks Python again
      }
    },
  };
}

/** Forgets which checkpoints were built (reclaim setup --refresh): the next run asks Python again. */
export function forgetPrepared(): void {
  rmSync(path.join(cacheDir(), 'prepared'), { recursive: true, force: true });
}
