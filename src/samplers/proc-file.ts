import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

// One scratch buffer for every read: the sampler reads on the event loop, one file at a time.
const SCRATCH = Buffer.alloc(16 * 1024);

/**
 * A /proc file kept open and read again from offset 0 (pread): the kernel renders it anew on each read,
 * and the sampler saves an open and a close per file per tick. An fd outlives its process's pid, so a
 * reused pid is never read by mistake: reading a gone process fails.
 */
export class ProcFile {
  private fd: number | undefined;

  private constructor(
    private readonly file: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens it, or undefined when the process (or thread) is gone. */
  static open(file: string): ProcFile | undefined {
    try {
      return new ProcFile(file, openSync(file, 'r'));
    } catch {
      return undefined;
    }
  }

  /** Its content now, or undefined once its process is gone. */
  read(): string | undefined {
    if (this.fd === undefined) return undefined;
    try {
      const n = readSync(this.fd, SCRATCH, 0, SCRATCH.length, 0);
      // A file larger than the scratch buffer (a thread with thousands of children) is read whole.
      return n < SCRATCH.length ? SCRATCH.toString('latin1', 0, n) : readFileSync(this.file, 'latin1');
    } catch {
      this.close();
      return undefined;
    }
  }

  /** False once a read found its process gone (or it was closed). */
  get open(): boolean {
    return this.fd !== undefined;
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }
}
