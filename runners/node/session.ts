import * as ort from 'onnxruntime-node';
import { fixedInput } from '../../src/runtimes/onnx-files/weights.js';

export type Options = Record<string, string | number | boolean>;

/** Session options from a strategy's options: arena, mem_pattern (booleans), provider (cpu or cuda),
 * intra_op_threads (the session's thread pool; onnxruntime's default follows the machine's cores). */
export function sessionOptions(options: Options, device: string): ort.InferenceSession.SessionOptions {
  const threads = Number(options.intra_op_threads ?? 0);
  return {
    ...(Number.isInteger(threads) && threads > 0 ? { intraOpNumThreads: threads } : {}),
    enableCpuMemArena: options.arena === undefined ? true : options.arena === true || options.arena === 'true',
    enableMemPattern: options.mem_pattern === undefined ? true : options.mem_pattern === true || options.mem_pattern === 'true',
    executionProviders: [String(options.provider ?? (device === 'cuda' ? 'cuda' : 'cpu'))],
  };
}

/** One run on the model's fixed input (the same every time: the output is deterministic). */
export async function inferOnce(session: ort.InferenceSession, inputLength: number): Promise<number> {
  const out = await session.run({ x: new ort.Tensor('float32', fixedInput(inputLength), [1, inputLength]) });
  return Number(out.y!.data[0]);
}

/** The input length a generated model declares ([1, n]). */
export function declaredInputLength(session: ort.InferenceSession): number {
  const meta = session.inputMetadata?.[0] as { shape?: readonly (number | string)[] } | undefined;
  const n = meta?.shape?.[1];
  if (typeof n !== 'number') throw new Error('the model does not declare a fixed input [1, n]: not one reclaim generated');
  return n;
}

export { ort };
