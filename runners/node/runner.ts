/**
 * reclaim's Node runner: executes one cell's plan with onnxruntime-node sessions. Started by the
 * harness as `node --expose-gc runner.js`, the plan on stdin, events on fd 3, paused at each mark.
 * Measuring happens outside; marks carry only what Node knows of itself (process.memoryUsage).
 * The plan's type is the harness's own (src/protocol/plan.ts): one contract.
 */
import { performance } from 'node:perf_hooks';
import type { CellPlan, PlanStep } from '../../src/protocol/plan.js';
import { applyAction, implementedActions } from './actions.js';
import { Channel, readPlan } from '../common/channel.js';
import { IsolatedModel } from './isolated.js';
import { declaredInputLength, inferOnce, ort, sessionOptions } from './session.js';

type Loaded = { session: ort.InferenceSession; inputLength: number } | { isolated: IsolatedModel };

const MIB = 1024 * 1024;


interface State {
  plan: CellPlan;
  channel: Channel;
  loaded: Map<string, Loaded>;
  kept: Buffer[];
  timed(op: string, name: string, work: () => Promise<unknown>): Promise<void>;
}

type Handler<S extends PlanStep> = (s: S, st: State) => Promise<void>;
type Steps = { [Op in PlanStep['op']]?: Handler<Extract<PlanStep, { op: Op }>> };

/** The plan steps it executes, one table (the same on every device). */
const STEPS: Steps = {
  async mark(s, st) {
    const m = process.memoryUsage();
    await st.channel.mark(s.index, { node_heap: m.heapUsed / MIB, node_external: m.external / MIB });
  },
  async load(s, st) {
    const file = st.plan.models[s.model]?.data?.file;
    if (typeof file !== 'string') throw new Error(`the plan has no ONNX file for ${s.model}`);
    await st.timed('load', s.name, async () => {
      if (st.plan.isolation === 'process-per-model') {
        st.loaded.set(s.name, { isolated: await IsolatedModel.load(file, st.plan.options, st.plan.device) });
      } else {
        const session = await ort.InferenceSession.create(file, sessionOptions(st.plan.options, st.plan.device));
        st.loaded.set(s.name, { session, inputLength: declaredInputLength(session) });
      }
    });
  },
  async infer(s, st) {
    const m = st.loaded.get(s.name)!;
    await st.timed('infer', s.name, () => ('isolated' in m ? m.isolated.infer() : inferOnce(m.session, m.inputLength)));
  },
  async unload(s, st) {
    const m = st.loaded.get(s.name)!;
    await st.timed('unload', s.name, async () => {
      for (const a of s.before) applyAction(a);
      st.loaded.delete(s.name);
      await ('isolated' in m ? m.isolated.exit() : m.session.release());
      for (const a of s.after) applyAction(a);
    });
  },
  async release(s) {
    for (const a of s.actions) applyAction(a);
  },
  async sleep(s) {
    await new Promise((r) => setTimeout(r, s.ms));
  },
  async keep(s, st) {
    st.kept.push(Buffer.alloc(s.bytes, 1));
  },
};

async function main(): Promise<number> {
  const channel = new Channel();
  const plan = await readPlan<CellPlan>();
  for (const [k, v] of Object.entries(plan.setenvInProcess ?? {})) process.env[k] = v;
  const st: State = {
    plan,
    channel,
    loaded: new Map(),
    kept: [],
    async timed(op, name, work) {
      const t0 = performance.now();
      await work();
      channel.send({ event: 'timing', op, name, ms: performance.now() - t0 });
    },
  };
  try {
    channel.send({
      event: 'hello',
      runtime: 'node',
      pid: process.pid,
      versions: { node: process.version, onnxruntime: ort.env.versions.node ?? '' },
      implements: { ops: Object.keys(STEPS), ...implementedActions(plan.device) },
    });
    for (const s of plan.steps) {
      const handler = STEPS[s.op] as Handler<PlanStep> | undefined;
      if (!handler) throw new Error(`the Node runner has no step ${s.op}`);
      await handler(s, st);
    }
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    channel.send({ event: 'error', message, kind: /bad_alloc|out of memory/i.test(message) ? 'oom' : 'error', traceback: err instanceof Error ? err.stack : undefined });
    await channel.close();
    return 1;
  }
  channel.send({ event: 'done' });
  await channel.close();
  return 0;
}

main().then((code) => process.exit(code));
