import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file was not read: not a regular file, too big, or the system's own error. */
export class ReadRefused extends Error {
  constructor(
    message: string,
    readonly why: 'not-regular' | 'too-big' | 'error',
    /** Its size, when it was too big. */
    readonly size?: number,
  ) {
    super(message);
  }
}

/**
 * The text of a regular file of at most `maxBytes`, read through one descriptor so that what is
 * checked is what is read: opened without blocking (a FIFO would wait for a writer forever), refused
 * when it is not a regular file (a FIFO, a device) or when it is bigger. The one bounded read of the
 * project: scenario files and results directories both come from users.
 */
export function readRegularFile(file: string, maxBytes: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ReadRefused('not a regular file', 'not-regular');
    if (st.size > maxBytes) throw new ReadRefused(`holds ${st.size} bytes, more than ${maxBytes}`, 'too-big', st.size);
    const buf = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buf, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read).toString('utf8');
  } catch (err) {
    if (err instanceof ReadRefused) throw err;
    throw new ReadRefused((err as Error).message, 'error');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

