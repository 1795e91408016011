import { SCENARIO_FIGURES } from '../../src/analysis/figures.js';
import { expandScenario } from '../../src/scenario/expand.js';
import { parseScenarioText } from '../../src/scenario/parse-file.js';
import { ScenarioError } from '../../src/scenario/problems.js';

/** The problems `reclaim validate` would print for this text (file name s.yaml), one string each. */
export function problems(text: string): string[] {
  try {
    expandScenario(parseScenarioText('s.yaml', text), {}, undefined, SCENARIO_FIGURES);
  } catch (err) {
    if (err instanceof ScenarioError) return err.message.split('\n');
    throw err;
  }
  return [];
}
