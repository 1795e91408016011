import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import { UserError, errorMessage } from '../errors.js';
import { ScenarioError, problem, type Problem } from './problems.js';
import { ScenarioSchema, type RawScenario } from './schema.js';
import { SourceMap } from './source-map.js';
import { plainIssues } from './zod-issues.js';

/** A scenario file that is valid YAML and matches the schema, with the means to point into it. */
export interface ParsedScenario {
  file: string;
  name: string;
  text: string;
  raw: RawScenario;
  map: SourceMap;
}

/** Reads and validates one file; every problem found is reported at once, with file:line:col. */
export function parseScenarioFile(file: string): ParsedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read the scenario file: ${errorMessage(err)}`);
  }
  return parseScenarioText(file, text);
}

export function parseScenarioText(file: string, text: string): ParsedScenario {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(doc, lines);
  const syntax = doc.errors[0];
  if (syntax) {
    // Later YAML errors are mostly echoes of the first; one precise message serves better.
    const at = map.at(syntax.pos[0]);
    throw new ScenarioError([{ file, line: at.line, col: at.col, path: '', message: `YAML: ${yamlMessage(syntax, text, at.line)}` }]);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) throw new ScenarioError([problem(file, map.at(0), [], 'the file is empty; expected a scenario mapping with steps')]);
  const result = ScenarioSchema.safeParse(value);
  if (!result.success) {
    const problems: Problem[] = plainIssues(result.error.issues, value).map((i) =>
      problem(file, map.position(i.path, i.key), i.key !== undefined ? [...i.path, i.key] : i.path, i.message),
    );
    throw new ScenarioError(problems);
  }
  const name = result.data.name ?? path.basename(file).replace(/\.ya?ml$/i, '');
  return { file, name, text, raw: result.data, map };
}

function yamlMessage(e: YAML.YAMLError, text: string, line: number): string {
  const readable: Record<string, string> = {
    BAD_INDENT: 'bad indentation',
    MULTILINE_IMPLICIT_KEY: 'bad indentation or a missing ":" (implicit keys must be on one line)',
    DUPLICATE_KEY: 'duplicate key',
    TAB_AS_INDENT: 'tabs are not allowed for indentation',
  };
  const first = e.message.split('\n')[0] ?? e.message;
  const message = readable[e.code] ? `${readable[e.code]}: ${first}` : first;
  const hint = /[{[][^"']*\$\{/.test(text.split('\n')[line - 1] ?? '')
    ? ' (inside { } or [ ], quote values that use variables: "${name}")'
    : '';
  return message + hint;
}
