import { describe, expect, it } from 'vitest';
import { classify } from '../../src/orchestrator/classify.js';
import { ackLine, eventSchema, parseEvent } from '../../src/protocol/events.js';
import { IN_PROCESS_METRIC_NAMES } from '../../src/metrics/catalogue.js';

const EVENTS = eventSchema(IN_PROCESS_METRIC_NAMES);

describe('runner events', () => {
  it('parses the known events and fills defaults', () => {
    expect(parseEvent('{"event":"mark","index":3}', EVENTS)).toEqual({ event: 'mark', index: 3, inproc: {} });
    expect(parseEvent('{"event":"error","message":"boom"}', EVENTS)).toEqual({ event: 'error', message: 'boom', kind: 'error' });
    expect(ackLine(3)).toBe('{"ack":3}\n');
  });

  it('explains garbage instead of throwing', () => {
    expect(parseEvent('hello world', EVENTS)).toMatch(/^not JSON: "hello world"/);
    expect(parseEvent('{"event":"dance"}', EVENTS)).toMatch(/^not a known event/);
    expect(parseEvent('{"event":"mark","index":-1}', EVENTS)).toMatch(/^not a known event/);
  });
});

describe('classify', () => {
  const base = {
    spawnError: undefined,
    timedOut: false,
    timeoutMs: 1000,
    protocolFailure: undefined,
    exitCode: 0,
    signal: undefined,
    oomKilled: false,
    runnerError: undefined,
    done: true,
    marks: 3,
    expectedMarks: 3,
    stderrTail: '',
  };
  it('ok only when the runner said done after every mark', () => {
    expect(classify(base)).toEqual({ status: 'ok' });
    expect(classify({ ...base, done: false }).status).toBe('failed');
    expect(classify({ ...base, marks: 2 }).reason).toBe('the runner finished after 2 of 3 marks');
  });
  it('tells an OOM kill from another SIGKILL', () => {
    expect(classify({ ...base, exitCode: undefined, signal: 'SIGKILL', oomKilled: true }).status).toBe('oom');
    expect(classify({ ...base, exitCode: undefined, signal: 'SIGKILL' }).reason).toMatch(/killed by SIGKILL/);
  });
  it('reports the runner error and the exit code', () => {
    const r = classify({ ...base, exitCode: 1, done: false, runnerError: { event: 'error', message: 'OSError: nope', kind: 'error' } });
    expect(r).toEqual({ status: 'failed', reason: 'the runner exited with code 1 after 3 of 3 marks: OSError: nope' });
    expect(classify({ ...base, exitCode: 1, runnerError: { event: 'error', message: 'MemoryError', kind: 'oom' } }).status).toBe('oom');
  });
  it('a timeout wins over the signal that ended it', () => {
    expect(classify({ ...base, timedOut: true, signal: 'SIGTERM', marks: 1 }).reason).toBe('still running after 1 s (--timeout); killed after 1 of 3 marks');
  });
});
