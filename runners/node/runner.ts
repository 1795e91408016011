/**
 * reclaim's Node runner: executes one cell's plan with onnxruntime-node sessions. Started by the
 * harness as `node --expose-gc runner.js`, the plan on stdin, events on fd 3, paused at each mark.
 * Measuring happens outside; marks carry only what Node knows of itself (process.memoryUsage).
 */
import { performance } from 'node:perf_hooks';
import { applyAction } from './actions.js';
import { Channel } from './channel.js';
import { IsolatedModel } from './isolated.js';
import { declaredInputLength, inferOnce, ort, sessionOptions, type Options } from './session.js';

interface Step {
  op: string;
  name?: string;
  model?: string;
  index?: number;
  actions?: string[];
  before?: string[];
  after?: string[];
  ms?: number;
  bytes?: number;
}

interface Plan {
  device: string;
  options: Options;
  isolation: string;
  setenvInProcess: Record<string, string>;
  models: Record<string, { file?: string }>;
  steps: Step[];
}

type Loaded = { session: ort.InferenceSession; inputLength: number } | { isolated: IsolatedModel };

const MIB = 1024 * 1024;

async function readPlan(): Promise<Plan> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text) as Plan;
}

async function main(): Promise<number> {
  const channel = new Channel();
  const plan = await readPlan();
  for (const [k, v] of Object.entries(plan.setenvInProcess ?? {})) process.env[k] = v;
  const loaded = new Map<string, Loaded>();
  const kept: Buffer[] = [];
  const timed = async (op: string, name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    channel.send({ event: 'timing', op, name, ms: performance.now() - t0 });
  };
  try {
    channel.send({ event: 'hello', runtime: 'node', pid: process.pid, versions: { node: process.version, onnxruntime: ort.env.versions.node ?? '' } });
    for (const s of plan.steps) {
      switch (s.op) {
        case 'mark': {
          const m = process.memoryUsage();
          await channel.mark(s.index!, { node_heap: m.heapUsed / MIB, node_external: m.external / MIB });
          break;
        }
        case 'load': {
          const file = plan.models[s.model!]?.file;
          if (!file) throw new Error(`the plan has no ONNX file for ${s.model}`);
          await timed('load', s.name!, async () => {
            if (plan.isolation === 'process-per-model') {
              loaded.set(s.name!, { isolated: await IsolatedModel.load(file, plan.options, plan.device) });
            } else {
              const session = await ort.InferenceSession.create(file, sessionOptions(plan.options, plan.device));
              loaded.set(s.name!, { session, inputLength: declaredInputLength(session) });
            }
          });
          break;
        }
        case 'infer': {
          const m = loaded.get(s.name!)!;
          await timed('infer', s.name!, () => ('isolated' in m ? m.isolated.infer() : inferOnce(m.session, m.inputLength)));
          break;
        }
        case 'unload': {
          const m = loaded.get(s.name!)!;
          await timed('unload', s.name!, async () => {
            for (const a of s.before ?? []) applyAction(a);
            loaded.delete(s.name!);
            await ('isolated' in m ? m.isolated.exit() : m.session.release());
            for (const a of s.after ?? []) applyAction(a);
          });
          break;
        }
        case 'release':
          for (const a of s.actions ?? []) applyAction(a);
          break;
        case 'sleep':
          await new Promise((r) => setTimeout(r, s.ms));
          break;
        case 'keep':
          kept.push(Buffer.alloc(s.bytes ?? 0, 1));
          break;
        default:
          throw new Error(`the Node runner has no step ${s.op}`);
      }
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
