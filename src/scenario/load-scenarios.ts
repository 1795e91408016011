import { UserError } from '../errors.js';
import type { Cell } from './cell.js';
import { expandScenario, newBudget, type Overrides } from './expand.js';
import type { FigureCatalogue } from './expectation-schema.js';
import { parseScenarioFile, type ParsedScenario } from './parse-file.js';
import { ScenarioError, type Problem } from './problems.js';

/**
 * Parses and expands several scenario files, reporting the problems of all of them together; the
 * figures expectations may name come from the analysis (the commands pass them).
 */
export function loadScenarios(files: readonly string[], overrides: Overrides, figures: FigureCatalogue): { scenarios: ParsedScenario[]; cells: Cell[] } {
  const problems: Problem[] = [];
  const scenarios: ParsedScenario[] = [];
  let cells: Cell[] = [];
  // One budget for the whole run (LIMITS): ten files of 10,000 cells are refused like one.
  const budget = newBudget();
  for (const file of files) {
    try {
      const parsed = parseScenarioFile(file);
      cells = cells.concat(expandScenario(parsed, overrides, budget, figures));
      scenarios.push(parsed);
    } catch (err) {
      if (err instanceof ScenarioError) for (const p of err.problems) problems.push(p);
      else throw err;
    }
  }
  if (problems.length) throw new ScenarioError(problems);
  const names = scenarios.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UserError(`two scenario files are named "${twice}"; give one of them another name: (cell ids would clash)`);
  return { scenarios, cells };
}

/** Keeps the cells of the given variants (strategy names); unknown names are an error listing the known ones. */
export function onlyVariants(cells: readonly Cell[], only: readonly string[] | undefined): Cell[] {
  if (!only?.length) return [...cells];
  const known = [...new Set(cells.map((c) => c.variant))];
  const unknown = only.filter((o) => !known.includes(o));
  if (unknown.length) throw new UserError(`--only: no variant ${unknown.join(', ')} in these scenarios; variants: ${known.join(', ')}`);
  return cells.filter((c) => only.includes(c.variant));
}
