import { UserError } from '../errors.js';
import { formatPath, type DocPath, type Position } from './source-map.js';

/** One thing wrong with a scenario file, where it is, and what was expected. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export function problem(file: string, at: Position, path: DocPath, message: string): Problem {
  return { file, line: at.line, col: at.col, path: formatPath(path), message };
}

/** One line per problem, whatever the file holds: control characters from it are shown escaped. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.path ? `${p.path}: ` : ''}${p.message}`.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** Enough to fix a file by; a file with thousands of problems shows the first ones and a count. */
const MAX_SHOWN = 100;

/** Every problem of one or more files; the CLI prints the message without a stack and exits 1. */
export class ScenarioError extends UserError {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
    const shown = sorted.slice(0, MAX_SHOWN).map(formatProblem);
    if (sorted.length > MAX_SHOWN) shown.push(`... and ${sorted.length - MAX_SHOWN} more problems`);
    super(shown.join('\n'));
    this.problems = sorted;
    this.name = 'ScenarioError';
  }
}
