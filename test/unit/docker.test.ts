import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { containerArgs } from '../../src/docker/container-args.js';
import { memoryLimitBytes } from '../../src/scenario/axes.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const dockerfile = (name: string) => DockerfileParser.parse(readFileSync(path.join(PROJECT_ROOT, 'docker', name), 'utf8'));
const args = (name: string) => Object.fromEntries(dockerfile(name).getInstructions().filter((i) => i.getKeyword() === 'ARG').map((i) => i.getArgumentsContent()!.split('=') as [string, string]));
const runs = (name: string) => dockerfile(name).getInstructions().filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent()!.replace(/\s+/g, ' '));

describe('the Dockerfiles', () => {
  for (const name of ['Dockerfile.cpu', 'Dockerfile.cuda']) {
    it(`${name} parses and pins every version`, () => {
      const file = dockerfile(name);
      expect(file.getInstructions().length).toBeGreaterThan(10);
      expect(file.getFROMs()).toHaveLength(1);
      const a = args(name);
      expect(a.BASE_IMAGE).toMatch(/^[a-z/]+:[\w.-]*\d[\w.-]*$/); // a versioned tag, never latest
      expect(a.NODE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
      expect(a.NPM_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
      expect(a.NODE_SHA512).toMatch(/^sha512-/);
      expect(a.TORCH_VERSION).toBe('2.5.1');
      expect(a.TRANSFORMERS_VERSION).toBe('4.48.1');
      expect(a.PYTHON).toBe('python3.11');
    });
  }

  it('the CUDA image is the article default: CUDA 12.4.1 runtime, and onnxruntime-node with its CUDA provider', () => {
    expect(args('Dockerfile.cuda').BASE_IMAGE).toBe('nvidia/cuda:12.4.1-runtime-ubuntu22.04');
    expect(args('Dockerfile.cuda').ONNXRUNTIME_NODE_INSTALL).toBe('cuda12');
    expect(args('Dockerfile.cpu').ONNXRUNTIME_NODE_INSTALL).toBe('skip');
  });

  it('both install through the same scripts, in the same order, and repeat no install step inline', () => {
    expect(runs('Dockerfile.cuda')).toEqual(runs('Dockerfile.cpu'));
    for (const run of runs('Dockerfile.cpu')) {
      expect(run).toMatch(/^\S+=\S* .*\/opt\/reclaim\/docker\/install-[a-z]+\.sh|^\/opt\/reclaim\/docker\/install-[a-z]+\.sh/);
      expect(run).not.toMatch(/pip install|npm ci|apt-get/);
    }
  });

  it('the Python pins come from the runner requirements the host uses', () => {
    const req = readFileSync(path.join(PROJECT_ROOT, 'runners', 'python', 'requirements.txt'), 'utf8');
    expect(req).toMatch(/^torch==2\.5\.1$/m);
    expect(req).toMatch(/^transformers==4\.48\.1$/m);
    for (const line of req.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(/^[\w-]+==[\d.]+$/);
  });
});

describe('container arguments', () => {
  const spec = { mode: 'cpu' as const, image: 'reclaim:cpu', name: 'n', runDir: '/r', cacheDir: '/c', job: '.jobs/x.json' };
  it('no network, the limit with no swap beyond it, the run directory and cache mounted', () => {
    const a = containerArgs({ ...spec, memoryLimit: '2048m' });
    expect(a.join(' ')).toBe(
      'create --name n --label reclaim.cell=1 --network none --memory 2048m --memory-swap 2048m --volume /r:/results --volume /c:/var/cache/reclaim reclaim:cpu cell /results/.jobs/x.json --dir /results',
    );
  });
  it('CUDA: the GPUs and the host pid namespace', () => {
    expect(containerArgs({ ...spec, mode: 'cuda' }).join(' ')).toContain('--network none --gpus all --pid host');
  });
});

describe('memory limits', () => {
  it('reads Docker sizes and refuses the rest', () => {
    expect(memoryLimitBytes('2048m')).toBe(2048 * 1024 ** 2);
    expect(memoryLimitBytes('4g')).toBe(4 * 1024 ** 3);
    expect(memoryLimitBytes('lots')).toMatch(/is not a size/);
    expect(memoryLimitBytes('1m')).toMatch(/minimum of 6m/);
  });
});
