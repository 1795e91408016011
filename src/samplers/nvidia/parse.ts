/** Parsers of nvidia-smi's CSV queries (--format=csv,noheader,nounits), unit-tested on captured output. */

export interface ComputeApp {
  gpu: string;
  pid: number;
  /** MiB */
  used: number;
}

export interface GpuMemory {
  gpu: string;
  name: string;
  /** MiB */
  used: number;
  total: number;
}

function rows(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^No running/i.test(l))
    .map((l) => l.split(',').map((c) => c.trim()));
}

/** --query-compute-apps=gpu_uuid,pid,used_memory. "[N/A]" (no per-process accounting) is dropped. */
export function parseComputeApps(text: string): ComputeApp[] {
  return rows(text)
    .map(([gpu, pid, used]) => ({ gpu: gpu ?? '', pid: Number(pid), used: Number(used) }))
    .filter((a) => Number.isInteger(a.pid) && Number.isFinite(a.used));
}

/** --query-gpu=uuid,name,memory.used,memory.total */
export function parseGpuMemory(text: string): GpuMemory[] {
  return rows(text)
    .map(([gpu, name, used, total]) => ({ gpu: gpu ?? '', name: name ?? '', used: Number(used), total: Number(total) }))
    .filter((g) => Number.isFinite(g.used) && Number.isFinite(g.total));
}
