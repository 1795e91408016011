// The work of one Node cell without reclaim: the same plan (plan.json of a reclaim run), the same
// sessions (the runner's own session.js), the same release actions, and /proc/self/statm read
// in-process at each mark. bench/harness.ts times it against `reclaim run` of the same cell.
import { readFileSync } from 'node:fs';
import koffi from 'koffi';

const { declaredInputLength, inferOnce, ort, sessionOptions } = await import(new URL('../dist/runners/node/session.js', import.meta.url).href);
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
const actions = { gc: () => globalThis.gc(), node_gc: () => globalThis.gc(), malloc_trim: () => trim(0), release_session() {} };
const loaded = new Map();
const marks = [];
for (const s of plan.steps) {
  if (s.op === 'mark') marks.push(readFileSync('/proc/self/statm', 'utf8'));
  else if (s.op === 'load') {
    const session = await ort.InferenceSession.create(plan.models[s.model].file, sessionOptions(plan.options, plan.device));
    loaded.set(s.name, { session, inputLength: declaredInputLength(session) });
  } else if (s.op === 'infer') {
    const m = loaded.get(s.name);
    await inferOnce(m.session, m.inputLength);
  } else if (s.op === 'unload') {
    const m = loaded.get(s.name);
    for (const a of s.before) actions[a]();
    loaded.delete(s.name);
    await m.session.release();
    for (const a of s.after) actions[a]();
  } else throw new Error(`bare-node.mjs does not do step ${s.op}`);
}
console.log(marks.length);
