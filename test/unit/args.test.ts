import { describe, expect, it } from 'vitest';
import { axisValues, parse, positiveInt } from '../../src/cli/args.js';

describe('command-line arguments', () => {
  it('--set keeps numbers and booleans typed', () => {
    expect(axisValues(['source=synthetic,pretrained', 'n=1,2', 'x=true'])).toEqual({ source: ['synthetic', 'pretrained'], n: [1, 2], x: [true] });
    expect(() => axisValues(['nonsense'])).toThrow('--set expects axis=value[,value...], got "nonsense"');
  });
  it('whole numbers only', () => {
    expect(positiveInt('--repeat', '3')).toBe(3);
    expect(() => positiveInt('--repeat', '0')).toThrow('--repeat expects a whole number >= 1, got "0"');
    expect(() => positiveInt('--repeat', '2.5')).toThrow(/whole number/);
  });
  it('an unknown flag is a one-line error', () => {
    expect(() => parse('run', ['--frobnicate'], {})).toThrow(/^reclaim run: Unknown option '--frobnicate'/);
  });
});
