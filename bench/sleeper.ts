import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A Python process asleep with `threads` threads and `children` child processes, the shape a sampler
 * watches: with `torch`, it imports torch and holds 256 MiB of tensors first (a torch process's mappings
 * are what smaps_rollup walks). Started in its own process group: stop() kills the children too.
 */
export async function startSleeper(python: string, threads: number, children: number, torch: boolean): Promise<{ pid: number; stop: () => void }> {
  const code = `
import os, threading, time
${torch ? 'import torch\nheld = [torch.ones(1024, 1024) for _ in range(64)]' : ''}
for _ in range(${children}):
    if os.fork() == 0:
        time.sleep(600); os._exit(0)
for _ in range(${threads - 1}):
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
print("ready", flush=True)
time.sleep(600)
`;
  const p: ChildProcess = spawn(python, ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  await new Promise<void>((resolve, reject) => {
    p.once('error', reject);
    p.stdout!.once('data', () => resolve());
  });
  await new Promise((r) => setTimeout(r, 200)); // the children are forked before "ready"; let them settle
  return {
    pid: p.pid!,
    stop: () => {
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    },
  };
}
