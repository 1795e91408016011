import type { FigureCatalogue as ScenarioFigures } from '../scenario/expectation-schema.js';
import { FAMILIES } from '../figures/families.js';
import { figureIn, type FigureCatalogue } from '../figures/figure-def.js';

/** Every per-run figure the families define (retained_mib, release_ms...): what statistics and expectations are about. */
export const FIGURES: FigureCatalogue = Object.assign({}, ...FAMILIES.map((f) => f.figures ?? {}));

export const FIGURE_NAMES: readonly string[] = Object.keys(FIGURES);

/** The same, as the data scenarios validate their expectations against (scenario/expand.ts). */
export const SCENARIO_FIGURES: ScenarioFigures = {
  names: FIGURE_NAMES,
  needsSettled: (name) => figureIn(FIGURES, name)?.needsSettled === true,
};
