import { readFileSync } from 'node:fs';
import { glibcLoader } from '../libc/glibc-loader.js';
import { libcOf, ownGlibc, releaseImage } from '../libc/choice.js';
import type { RunnerCommand } from '../runtimes/runner-command.js';
import type { CLibrary } from '../samplers/c-library.js';
import type { Cell } from '../scenario/cell.js';

/** The C library a cell's runner must have loaded (checked at its hello), and what the cell asked for. */
export interface ExpectedLibc {
  name: 'glibc' | 'musl';
  /** Undefined: any version of it. */
  version?: string;
  asked: string;
}

/** How the local runner applies a cell's libc: the command as started, and what must be loaded; or why the cell cannot run here. */
export type LibcPlan = { wrap: (command: RunnerCommand) => RunnerCommand; expect: ExpectedLibc | undefined } | { skip: string };

/** The codename of the Debian release this machine (or container) runs, from /etc/os-release. */
function ownRelease(): string | undefined {
  try {
    return /^VERSION_CODENAME=(\w+)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

const asIs = (command: RunnerCommand) => command;

/**
 * What a cell's `libc` means here: the machine's own (its glibc expected, the version reclaim itself
 * runs on); another glibc started through its own loader, `--library-path` its libraries first (the
 * unpacked package of `reclaim setup --libc`); a Debian release, which runs in its image (here only
 * when this is that release: the container's harness); musl (the runtime picks its musl build).
 */
export function libcPlan(cell: Cell): LibcPlan {
  const c = libcOf(cell.axes);
  const own = ownGlibc();
  switch (c.kind) {
    case 'host':
      return { wrap: asIs, expect: own ? { name: 'glibc', version: own, asked: `host (glibc ${own})` } : undefined };
    case 'musl':
      return { wrap: asIs, expect: { name: 'musl', asked: 'musl' } };
    case 'debian': {
      const here = ownRelease();
      if (here !== c.release) return { skip: `libc debian-${c.release} runs in its image ${releaseImage(c.release)}, and this is ${here ? `Debian ${here}` : 'not Debian'}` };
      return { wrap: asIs, expect: own ? { name: 'glibc', version: own, asked: `debian-${c.release} (glibc ${own})` } : undefined };
    }
    case 'glibc': {
      const g = glibcLoader(c.version, c.release);
      if ('reason' in g) return { skip: g.reason };
      return {
        expect: { name: 'glibc', version: c.version, asked: `glibc-${c.version}` },
        wrap: (command) => {
          // --library-path replaces LD_LIBRARY_PATH for this loader: the cell's own entries go after glibc's.
          const paths = [g.libdir, ...(command.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)].join(':');
          return { ...command, file: g.loader, args: ['--library-path', paths, command.file, ...command.args] };
        },
      };
    }
  }
}

/** Why what a runner loaded is not what its cell asked for, or undefined. */
export function libcMismatch(expected: ExpectedLibc | undefined, loaded: CLibrary): string | undefined {
  if (!expected) return undefined;
  const got = `${loaded.name}${loaded.version ? ` ${loaded.version}` : ''}${loaded.path ? ` (${loaded.path})` : ''}`;
  if (loaded.name !== expected.name || (expected.version && loaded.version !== expected.version)) {
    return `libc ${expected.asked} was asked for, and the runner loaded ${got}`;
  }
  return undefined;
}
