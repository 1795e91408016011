import { XMLBuilder } from 'fast-xml-parser';
import type { Judged } from './judge.js';

/**
 * Verdicts as JUnit XML, for CI systems: a test suite per scenario, a test case per expectation; a
 * FAIL is a <failure>, an UNDECIDED a <skipped> with why (the CI shows it, and it does not pass silently).
 */
export function junitXml(judged: readonly Judged[]): string {
  const scenarios = [...new Set(judged.map((j) => j.scenario))];
  const detail = (j: Judged) => j.cells.map((c) => `${c.group.variant}: ${c.verdict}: ${c.figure}; ${c.why}`).join('\n') || 'no cell of the run matches it';
  const suites = scenarios.map((scenario) => {
    const mine = judged.filter((j) => j.scenario === scenario);
    return {
      '@_name': scenario,
      '@_tests': mine.length,
      '@_failures': mine.filter((j) => j.verdict === 'FAIL').length,
      '@_skipped': mine.filter((j) => j.verdict === 'UNDECIDED').length,
      testcase: mine.map((j) => ({
        '@_classname': `reclaim.${scenario}`,
        '@_name': j.text,
        ...(j.verdict === 'FAIL' ? { failure: { '@_message': 'FAIL', '#text': detail(j) } } : {}),
        ...(j.verdict === 'UNDECIDED' ? { skipped: { '@_message': `UNDECIDED: ${j.cells.find((c) => c.verdict !== 'PASS')?.why ?? 'no cell matches'}` } } : {}),
        'system-out': detail(j),
      })),
    };
  });
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ testsuites: { '@_name': 'reclaim', testsuite: suites } })}`;
}
