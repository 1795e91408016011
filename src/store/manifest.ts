import type { Cell } from '../scenario/cell.js';
import type { Overrides } from '../scenario/expand.js';

/** manifest.json: what was run, how, where and when. */
export interface Manifest {
  status: 'running' | 'complete' | 'interrupted';
  startedAt: string;
  /** When the run was last resumed (reclaim run --resume). */
  resumedAt?: string;
  endedAt?: string;
  command: string[];
  overrides: Overrides;
  scenarios: { file: string; name: string; sha256: string; text: string; raw: unknown }[];
  matrix: {
    cell: string;
    scenario: string;
    variant: string;
    axes: Cell['axes'];
    runtime: string;
    device: string;
    repeats: number;
    marks: number;
    skip?: string;
  }[];
  counts?: Record<string, number>;
  environment: unknown;
  /** reclaim run --docker: the image (tag, id, digests) and the environment inside it. */
  docker?: Record<string, unknown>;
}
