// Runs `reclaim validate FILE` in this one process for each file named on the command line (the real
// command-line code path, without a process start per case), and writes one JSON line per case on
// fd 3: its exit code, what it printed, how long it took. "start" lines come first, so that a parent
// that sees this process die or hang knows which case did it.
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const { runCli } = await import(new URL('../../dist/src/cli-main.js', import.meta.url).href);
const report = (o) => writeSync(3, `${JSON.stringify(o)}\n`);
const [out, err] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
for (const file of process.argv.slice(2)) {
  report({ start: file });
  let stdout = '';
  let stderr = '';
  process.stdout.write = (chunk) => ((stdout += String(chunk)), true);
  process.stderr.write = (chunk) => ((stderr += String(chunk)), true);
  const t0 = performance.now();
  const code = await runCli(['validate', file]);
  const ms = performance.now() - t0;
  process.stdout.write = out;
  process.stderr.write = err;
  report({ file, code, stdout: stdout.slice(0, 4000), stderr: stderr.slice(0, 4000), ms, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 });
}
