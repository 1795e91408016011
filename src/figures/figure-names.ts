import { FAMILIES } from './families.js';
import type { FigureDef } from './family.js';

/** Every per-run figure the families define (retained_mib, release_ms, ...): what statistics and expectations are about. */
export function FIGURE_NAMES(): string[] {
  return FAMILIES.flatMap((f) => Object.keys(f.figures ?? {}));
}

export function figureDef(name: string): FigureDef | undefined {
  for (const f of FAMILIES) if (f.figures && Object.hasOwn(f.figures, name)) return f.figures[name];
  return undefined;
}
