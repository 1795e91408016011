import { describe, expect, it } from 'vitest';
import { axisValues, parse, positiveInt, positiveNumber } from '../../src/cli/args.js';

describe('command-line arguments', () => {
  it('--set keeps numbers and booleans typed', () => {
    expect(axisValues(['source=synthetic,pretrained', 'n=1,2', 'x=true'])).toEqual({ source: ['synthetic', 'pretrained'], n: [1, 2], x: [true] });
    expect(() => axisValues(['nonsense'])).toThrow('--set expects axis=value[,value...], got "nonsense"');
  });
  it('whole numbers only', () => {
    expect(positiveInt('--repeat', '3', 1000)).toBe(3);
    expect(() => positiveInt('--repeat', '0', 1000)).toThrow('--repeat expects a whole number from 1 to 1000, got "0"');
    expect(() => positiveInt('--repeat', '2.5', 1000)).toThrow(/whole number/);
    expect(() => positiveInt('--repeat', '1e3', 1000)).toThrow(/whole number/);
    expect(() => positiveInt('--repeat', '1001', 1000)).toThrow(/whole number from 1 to 1000/);
  });
  it('numbers within their limit', () => {
    expect(positiveNumber('--timeout', '0.5', 604800)).toBe(0.5);
    expect(() => positiveNumber('--timeout', '3000000', 604800)).toThrow('--timeout expects a number above 0 and at most 604800, got "3000000"');
    expect(() => positiveNumber('--timeout', 'Infinity', 604800)).toThrow(/at most/);
  });
  it('--set takes no variables and no prototype names', () => {
    expect(() => axisValues(['a=${b}'])).toThrow('--set a: values are literal; a variable such as ${x} is not expanded here');
    expect(() => axisValues(['__proto__=1'])).toThrow(/--set expects axis=value/);
    expect(axisValues(['constructor=1'])).toEqual({ constructor: [1] });
  });
  it('an unknown flag is a one-line error', () => {
    expect(() => parse('run', ['--frobnicate'], {})).toThrow(/^reclaim run: Unknown option '--frobnicate'/);
  });
});
