import { readRegularFile, ReadRefused } from '../bounded-read.js';
import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import { UserError, errorMessage } from '../errors.js';
import { LIMITS } from '../limits.js';
import { tooDeep } from './nesting.js';
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

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Reads and validates one file; every problem found is reported at once, with file:line:col. */
export function parseScenarioFile(file: string): ParsedScenario {
  return parseScenarioText(file, readScenarioText(file));
}

/**
 * The text of a scenario file: a regular file (not a FIFO or a device, which could block or never
 * end) of at most LIMITS.fileBytes, read through one descriptor so the checks hold for what is read.
 */
export function readScenarioText(file: string): string {
  try {
    return readRegularFile(file, LIMITS.fileBytes);
  } catch (err) {
    if (!(err instanceof ReadRefused)) throw err;
    if (err.why === 'not-regular') throw new UserError(`${file}: not a regular file; a scenario is a YAML file`);
    if (err.why === 'too-big') throw new UserError(`${file}: ${err.size} bytes; a scenario file may hold at most ${LIMITS.fileBytes} (1 MiB)`);
    throw new UserError(`${file}: cannot read the scenario file: ${err.message}`);
  }
}

export function parseScenarioText(file: string, text: string): ParsedScenario {
  try {
    return parseText(file, text);
  } catch (err) {
    // A structure deep enough to exhaust the stack somewhere in parsing: an answer, not a crash.
    if (err instanceof RangeError) throw new ScenarioError([{ file, line: 1, col: 1, path: '', message: `YAML: nested too deeply to read (${err.message})` }]);
    throw err;
  }
}

function parseText(file: string, text: string): ParsedScenario {
  const deep = tooDeep(text, LIMITS.depth);
  if (deep) {
    const before = text.slice(0, deep.offset).split('\n');
    throw new ScenarioError([{ file, line: before.length, col: before[before.length - 1]!.length + 1, path: '', message: `nested more than ${LIMITS.depth} levels deep; a scenario needs a handful` }]);
  }
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(doc, lines);
  const fail = (offset: number, message: string): never => {
    const at = map.at(offset);
    throw new ScenarioError([{ file, line: at.line, col: at.col, path: '', message }]);
  };
  const syntax = doc.errors[0];
  // Later YAML errors are mostly echoes of the first; one precise message serves better.
  if (syntax) fail(syntax.pos[0], `YAML: ${yamlMessage(syntax, text, map.at(syntax.pos[0]).line)}`);
  checkAliases(doc, fail);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (err) {
    // The yaml library's resource and alias guards: a located message, not a crash.
    fail(firstAliasOffset(doc), `YAML: ${errorMessage(err).replace(/ indicates a resource exhaustion attack$/, '')} (at most ${LIMITS.aliases} aliases are expanded)`);
  }
  if (value === null || value === undefined) throw new ScenarioError([problem(file, map.at(0), [], 'the file is empty; expected a scenario mapping with steps')]);
  const shape = checkShape(value);
  if (shape) throw new ScenarioError([problem(file, map.position(shape.path), shape.path, shape.message)]);
  const result = ScenarioSchema.safeParse(value);
  if (!result.success) {
    const problems: Problem[] = plainIssues(result.error.issues, value).map((i) =>
      problem(file, map.position(i.path, i.key), i.key !== undefined ? [...i.path, i.key] : i.path, i.message),
    );
    throw new ScenarioError(problems);
  }
  const base = path.basename(file).replace(/\.ya?ml$/i, '');
  if (result.data.name === undefined && !NAME.test(base)) {
    throw new ScenarioError([problem(file, map.at(0), ['name'], `the scenario has no name and its file name "${base}" is not one (letters, digits, ".", "_" and "-"); add name:`)]);
  }
  return { file, name: result.data.name ?? base, text, raw: result.data, map };
}

/** Aliases must name an anchor set before them, outside the node they sit in (no cycles). */
function checkAliases(doc: YAML.Document, fail: (offset: number, message: string) => never): void {
  YAML.visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      const offset = node.range?.[0] ?? 0;
      if (!target) fail(offset, `YAML: the alias *${node.source} names no anchor set before it`);
      if (path.some((ancestor) => ancestor === target)) fail(offset, `YAML: the alias *${node.source} refers to a node that contains it (a cycle)`);
    },
  });
}

function firstAliasOffset(doc: YAML.Document): number {
  let offset = 0;
  YAML.visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return YAML.visit.BREAK;
    },
  });
  return offset;
}

/** Depth, size and keys that only a hostile or broken file has, with the path of the first one found. */
function checkShape(root: unknown): { path: (string | number)[]; message: string } | undefined {
  let nodes = 0;
  const walk = (v: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | undefined => {
    if (++nodes > LIMITS.nodes) return { path, message: `more than ${LIMITS.nodes} values once aliases are expanded; a scenario is far smaller` };
    if (v === null || typeof v !== 'object') return undefined;
    if (path.length >= LIMITS.depth) return { path, message: `nested more than ${LIMITS.depth} levels deep` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const bad = walk(v[i], [...path, i]);
        if (bad) return bad;
      }
      return undefined;
    }
    for (const key of Object.keys(v)) {
      if (key === '__proto__') return { path, message: 'a key may not be "__proto__"' };
      const bad = walk((v as Record<string, unknown>)[key], [...path, key]);
      if (bad) return bad;
    }
    return undefined;
  };
  return walk(root, []);
}

function yamlMessage(e: YAML.YAMLError, text: string, line: number): string {
  const readable: Record<string, string> = {
    BAD_INDENT: 'bad indentation',
    MULTILINE_IMPLICIT_KEY: 'bad indentation or a missing ":" (implicit keys must be on one line)',
    DUPLICATE_KEY: 'duplicate key',
    TAB_AS_INDENT: 'tabs are not allowed for indentation',
  };
  const first = e.message.split('\n')[0] ?? e.message;
  const message = Object.hasOwn(readable, e.code) ? `${readable[e.code]}: ${first}` : first;
  const hint = /[{[][^"']*\$\{/.test(text.split('\n')[line - 1] ?? '')
    ? ' (inside { } or [ ], quote values that use variables: "${name}")'
    : '';
  return message + hint;
}
