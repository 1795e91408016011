import type { z } from 'zod';
import { STEP_KINDS, StepSchemas, type StepKind } from './schema.js';
import { didYouMean, oneOf } from './suggest.js';

/** A zod issue reduced to what a user needs: where (path, maybe a key) and what was expected. */
export interface PlainIssue {
  path: (string | number)[];
  key?: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Turns zod's issues into plain ones. A step is a union of one-key mappings, so zod's union error
 * says little; it is resolved here by the step's key: an unknown key is named as such, and a known
 * one is checked against its own schema so the error points inside it.
 */
export function plainIssues(issues: readonly Issue[], root: unknown): PlainIssue[] {
  const out: PlainIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'invalid_union' && isStepPath(path)) {
      for (const i of stepIssues(path, valueAt(root, path))) out.push(i);
    } else if (issue.code === 'invalid_union' && matchedBranch(issue)) {
      // The value had the shape of one alternative and failed inside it: report that failure.
      for (const i of plainIssues(matchedBranch(issue)!.map((i) => ({ ...i, path: [...issue.path, ...i.path] })), root)) out.push(i);
    } else if (issue.code === 'invalid_key') {
      // A record's key failed its schema: say what a key must be.
      out.push({ path, message: `key ${JSON.stringify(String(path[path.length - 1] ?? ''))}: ${tidy(issue.issues[0]?.message ?? 'not a valid key')}` });
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path, key, message: messageFor(issue, key) });
    } else {
      out.push({ path, message: tidy(issue.message) });
    }
  }
  return out;
}

function stepIssues(path: (string | number)[], value: unknown): PlainIssue[] {
  const expected = `a step has one key, ${oneOf(STEP_KINDS)}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path, message: `expected a step (a mapping such as "mark: label"); ${oneOf(STEP_KINDS)}` }];
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) return [{ path, message: `${expected}; found ${keys.length ? keys.join(', ') : 'none'}` }];
  const key = keys[0]!;
  if (!(STEP_KINDS as readonly string[]).includes(key)) {
    return [{ path, key, message: `unknown step "${key}"${didYouMean(key, STEP_KINDS)}; ${oneOf(STEP_KINDS)}` }];
  }
  const result = StepSchemas[key as StepKind].safeParse(value);
  if (result.success) return [{ path, message: 'invalid step' }];
  return plainIssues(
    result.error.issues.map((i) => ({ ...i, path: [...path, ...i.path] })),
    rebase(path, value),
  );
}

/** A root object in which `value` sits at `path`, so nested lookups keep working. */
function rebase(path: (string | number)[], value: unknown): unknown {
  let root: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i]!;
    const holder: unknown[] | Record<string, unknown> = typeof p === 'number' ? [] : {};
    (holder as Record<string | number, unknown>)[p] = root;
    root = holder;
  }
  return root;
}

/** The one alternative of a union whose issues all lie inside the value (its type matched), if exactly one. */
function matchedBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  const deeper = issue.errors.filter((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
  return deeper.length === 1 ? deeper[0] : undefined;
}

function isStepPath(path: (string | number)[]): boolean {
  return path.length >= 2 && typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'steps';
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v: unknown = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function messageFor(issue: Issue, key: string): string {
  // The schema's message has a line per unknown key, with the keys it knows (see `strict` in schema.ts).
  return issue.message.split('\n').find((m) => m.startsWith(`unknown key "${key}"`)) ?? `unknown key "${key}"`;
}

function tidy(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/^Invalid input$/, 'invalid value');
}
