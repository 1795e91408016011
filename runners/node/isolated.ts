import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { declaredInputLength, inferOnce, ort, sessionOptions, type Options } from './session.js';

/**
 * process-per-model: a model lives in a short-lived child process, and unloading it means that
 * process exits, so everything it held goes back to the kernel. The harness measures the runner's
 * whole process tree, children included: this is the reference point for "everything returned".
 */
export class IsolatedModel {
  private constructor(private readonly child: ChildProcess) {}

  static async load(file: string, options: Options, device: string): Promise<IsolatedModel> {
    const child = fork(fileURLToPath(new URL('./isolated.js', import.meta.url)), ['--child'], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const model = new IsolatedModel(child);
    await model.ask({ op: 'load', file, options, device });
    return model;
  }

  infer(): Promise<unknown> {
    return this.ask({ op: 'infer' });
  }

  /** Asks the child to release its session and exit; resolves once it has exited. */
  async exit(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ op: 'exit' });
    await exited;
  }

  private ask(message: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the model's child process exited (${code}) during ${String(message.op)}`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: { ok: boolean; error?: string; value?: unknown }) => {
        this.child.off('exit', onExit);
        if (reply.ok) resolve(reply.value);
        else reject(new Error(reply.error));
      });
      this.child.send(message);
    });
  }
}

/** The child's side: one session, answers load / infer / exit. */
async function serve(): Promise<void> {
  let session: ort.InferenceSession | undefined;
  let inputLength = 0;
  process.on('message', async (m: { op: string; file?: string; options?: Options; device?: string }) => {
    try {
      if (m.op === 'load') {
        session = await ort.InferenceSession.create(m.file!, sessionOptions(m.options ?? {}, m.device ?? 'cpu'));
        inputLength = declaredInputLength(session);
        process.send!({ ok: true });
      } else if (m.op === 'infer') {
        process.send!({ ok: true, value: await inferOnce(session!, inputLength) });
      } else if (m.op === 'exit') {
        await session?.release();
        process.exit(0);
      }
    } catch (err) {
      process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}

if (process.argv[2] === '--child') void serve();
