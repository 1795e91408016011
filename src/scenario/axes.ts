import { LIBC_VALUES, loaderProblem, parseLibc, releaseImage } from '../libc/choice.js';
import { DEVICES } from '../runtimes/devices.js';
import { findRuntime, RUNTIMES } from '../runtimes/registry.js';
import type { Scalar } from '../store/manifest.js';
import { needsGlibc } from '../strategies/needs-glibc.js';
import type { Cell } from './cell.js';

/** Every server profile any runtime knows. */
const SERVER_NAMES: readonly string[] = RUNTIMES.flatMap((r) => r.server?.names ?? []);

/**
 * Matrix axes with a meaning of their own, declared once: what each means, what values it takes
 * (checked by `reclaim validate`, with file:line:col), and which module acts on it. Any other axis is
 * the scenario's own, used through `${name}`.
 */
export interface ReservedAxis {
  meaning: string;
  /** What is wrong with one value, if anything. */
  check?(value: Scalar): string | undefined;
  /** What is wrong with a value in one built cell (its runtime, strategy, device), if anything. */
  checkCell?(value: Scalar, cell: Cell): string | undefined;
  /** Where it takes effect. */
  consumer: string;
  /** Only reclaim sets it: a scenario that names it is refused, with why. */
  setBy?: string;
}

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes of a memory limit such as 2048m or 4g (Docker's --memory syntax); a string saying what is wrong otherwise. */
export function memoryLimitBytes(value: unknown): number | string {
  const m = /^(\d+(?:\.\d+)?)([bkmg])?$/i.exec(String(value).trim());
  if (!m) return `memory_limit "${String(value)}" is not a size: write it as Docker does, e.g. 2048m or 4g`;
  const bytes = Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!;
  // Docker refuses limits under 6 MiB.
  if (bytes < 6 * 1024 ** 2) return `memory_limit "${String(value)}" is under Docker's minimum of 6m`;
  return Math.round(bytes);
}

export const AXES = {
  strategy: {
    meaning: 'the variant: a release strategy of the catalogue or of the scenario (strategies:)',
    consumer: 'scenario/expand.ts resolves it into the cell\'s strategy; every table calls the cell by it',
  },
  source: {
    meaning: 'where loads read their models (synthetic, pretrained, hf:<path>, auto), through ${source}',
    consumer: "the load steps that name it; the summary shows what auto resolved to ('auto->pretrained')",
  },
  memory_limit: {
    meaning: "the container's memory limit, Docker's --memory (2048m, 4g); empty for none",
    check(v) {
      const bytes = v === '' ? 0 : memoryLimitBytes(v);
      return typeof bytes === 'string' ? bytes : undefined;
    },
    consumer: 'docker/: each cell runs in a container with --memory; on the host such cells are skipped, with why',
  },
  machine: {
    meaning: 'the environment a merged run of several machines ran in (its label)',
    consumer: "fleet/merge-plan.ts adds it; the machines family compares each machine's cells with the first's",
    setBy: 'reclaim merge, when the directories it joins ran in different environments',
  },
  server: {
    meaning: `the model server a serving runtime drives (a profile: ${SERVER_NAMES.join(', ')}), through server: "\${server}"`,
    check: (v) => (SERVER_NAMES.includes(String(v)) ? undefined : `server "${String(v)}" is not a server profile; profiles: ${SERVER_NAMES.join(', ')}`),
    consumer: "the serving runtime's server (runtimes/serving/profiles.ts and runners/serving/profiles/<name>/)",
  },
  libc: {
    meaning: `the C library the runner runs on: host (the machine's own, the default); glibc-<version>, that glibc (from the Debian release that ships it) through its own loader, with the same Python, torch and runner; debian-<release>, the release as users run it (its image reclaim:cpu-<release>, its Python); musl (the C runner built statically with it). Values: ${LIBC_VALUES.join(', ')}`,
    check(v) {
      const c = parseLibc(v);
      return typeof c === 'string' ? c : undefined;
    },
    checkCell: libcProblem,
    consumer: 'orchestrator/libc.ts (the loader, the expected C library checked at hello), docker/ (a release\'s image per cell), the runtimes that build their runner for it (native: musl)',
  },
  threads: {
    meaning: 'threads of the process under test (the serving runtime: its worker pool), through ${threads}',
    check: (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 1024 ? undefined : `threads ${JSON.stringify(v)} is not a whole number from 1 to 1024`),
    consumer: "the runtime options that name it (the serving runtime's threads:)",
  },
} as const satisfies Record<string, ReservedAxis>;

/** Why a cell cannot run on the C library its libc value asks for (said at validate), if it cannot. */
function libcProblem(value: Scalar, cell: Cell): string | undefined {
  const c = parseLibc(value);
  if (typeof c === 'string' || c.kind === 'host') return undefined;
  const runtime = findRuntime(cell.runtime);
  const isolation = cell.strategy.isolation !== 'in-process' ? `isolation ${cell.strategy.isolation} (strategy ${cell.strategy.name}) starts processes that would not get it` : undefined;
  if (c.kind === 'musl') {
    if (!runtime?.libc?.musl) return `libc musl: runtime ${cell.runtime} runs on glibc; musl is for the runners built with it (${RUNTIMES.filter((r) => r.libc?.musl).map((r) => `runtime: ${r.name}`).join(', ')})`;
    if (DEVICES[cell.device].gpu) return `libc musl: not on ${cell.device} (a GPU program links glibc)`;
    const glibc = needsGlibc(cell.strategy);
    if (glibc) return `libc musl: strategy ${cell.strategy.name} ${glibc}`;
    return isolation && `libc musl: ${isolation}`;
  }
  if (c.kind === 'debian') return DEVICES[cell.device].gpu ? `libc debian-${c.release}: the release images have no GPU runtime (${releaseImage(c.release)})` : undefined;
  if (!runtime?.libc?.loader) return `libc glibc-${c.version}: runtime ${cell.runtime} starts processes of its own (a server) that would run on this machine's glibc; another glibc through its loader is for ${RUNTIMES.filter((r) => r.libc?.loader).map((r) => r.name).join(', ')}; or libc: debian-${c.release}`;
  if (isolation) return `libc glibc-${c.version}: ${isolation}`;
  const problem = loaderProblem(c.version, c.release);
  return problem && `libc glibc-${c.version}: ${problem}`;
}

export const STRATEGY_AXIS = 'strategy';
export const MEMORY_LIMIT_AXIS = 'memory_limit';
export const MACHINE_AXIS = 'machine';
export const SOURCE_AXIS = 'source';

/** A reserved axis by name (own properties only). */
export function reservedAxis(name: string): ReservedAxis | undefined {
  return Object.hasOwn(AXES, name) ? (AXES as Record<string, ReservedAxis>)[name] : undefined;
}

/** The axes of a cell that set it apart beside its variant: every one but strategy. */
export function settingAxes(names: Iterable<string>): string[] {
  return [...names].filter((a) => a !== STRATEGY_AXIS);
}
