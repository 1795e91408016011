import { performance } from 'node:perf_hooks';
import type { Progress } from '../orchestrator/progress.js';
import type { CellRecord } from '../store/cell-record.js';
import { summaryOf } from '../figures/summary/figures.js';
import { duration, mib } from '../tables/format.js';

/**
 * Progress on stderr: one line per finished cell; on a terminal also a live status line
 * (cells done / total, the current cell, its marks, elapsed time), redrawn at most 10 times a second.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = stream.isTTY === true;
  const started = performance.now();
  let current = '';
  let cellStarted = 0;
  let expected = 0;
  let lastDraw = 0;
  let shown = false;

  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  const draw = (marks: number, force = false) => {
    if (!live) return;
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const line = `${current}  ${marks}/${expected} marks  ${duration(now - cellStarted)}  (total ${duration(now - started)})`;
    stream.write(`\r\x1b[K${line.slice(0, (stream.columns || 120) - 1)}`);
    shown = true;
  };

  return {
    log(line) {
      clear();
      stream.write(`${line}\n`);
    },
    cellStart(n, total, label, expectedMarks) {
      current = `[${n}/${total}] ${label}`;
      cellStarted = performance.now();
      expected = expectedMarks;
      draw(0, true);
    },
    cellMark(marks) {
      draw(marks);
    },
    cellEnd(n, total, label, record: CellRecord) {
      clear();
      const s = summaryOf(record);
      const figures = record.status === 'ok' ? `: residual ${mib(s?.residual_mib)} MiB, baseline ${mib(s?.baseline_mib)}, peak ${mib(s?.peak_mib)}` : `: ${record.reason}`;
      const took = record.wall_s !== undefined ? ` in ${duration(record.wall_s * 1000)}` : '';
      stream.write(`[${n}/${total}] ${label} ${record.status}${took}${figures}  (total ${duration(performance.now() - started)})\n`);
    },
    finish() {
      clear();
    },
  };
}
