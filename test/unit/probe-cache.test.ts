import { chmodSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetProbes, probeKey, probePython } from '../../src/runtimes/python-env/probe.js';
import { tmp } from '../integration/helpers.js';

/**
 * Probing an interpreter imports torch (seconds, at every command): the answer is cached under the
 * cache directory, and asked again when the interpreter, the requirements or its site-packages change.
 */
describe('the probe cache', () => {
  let dir: string;
  let python: string;
  let site: string;
  const saved = process.env.RECLAIM_CACHE;
  const calls = () => readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n').length;

  beforeAll(() => {
    dir = tmp('probe-cache');
    site = path.join(dir, 'site-packages');
    mkdirSync(site);
    process.env.RECLAIM_CACHE = path.join(dir, 'cache');
    // A stand-in interpreter: answers the probe and counts how often it was asked.
    python = path.join(dir, 'python');
    const answer = JSON.stringify({ executable: python, python: '3.11.0', torch: '2.5.1', transformers: null, error: null, cuda: null, cuda_devices: 0, dirs: [site] });
    writeFileSync(python, `#!/bin/sh\necho asked >> ${JSON.stringify(path.join(dir, 'calls'))}\necho '${answer}'\n`);
    chmodSync(python, 0o755);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.RECLAIM_CACHE;
    else process.env.RECLAIM_CACHE = saved;
  });

  it('asks once, then answers from the cache', async () => {
    expect(await probePython(python)).toMatchObject({ torch: '2.5.1' });
    expect(await probePython(python)).toMatchObject({ torch: '2.5.1' });
    expect(calls()).toBe(1);
  });

  it('asks again when the interpreter changed', async () => {
    const later = new Date(Date.now() + 5000);
    utimesSync(python, later, later);
    await probePython(python);
    expect(calls()).toBe(2);
    await probePython(python);
    expect(calls()).toBe(2);
  });

  it('asks again when a package was installed or removed (a site-packages directory changed)', async () => {
    mkdirSync(path.join(site, 'transformers'));
    await probePython(python);
    expect(calls()).toBe(3);
  });

  it('a different requirements file is a different key (a new virtualenv, a new probe)', () => {
    expect(probeKey(python, 'torch==2.5.1\n')).not.toBe(probeKey(python, 'torch==2.6.0\n'));
    expect(probeKey(python, 'torch==2.5.1\n')).toBe(probeKey(python, 'torch==2.5.1\n'));
  });

  it('asks again when CUDA_VISIBLE_DEVICES changed, and after reclaim setup --refresh', async () => {
    process.env.CUDA_VISIBLE_DEVICES = '';
    await probePython(python);
    delete process.env.CUDA_VISIBLE_DEVICES;
    expect(calls()).toBe(4);
    forgetProbes();
    await probePython(python);
    expect(calls()).toBe(5);
  });
});
