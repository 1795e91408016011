import type { TensorSpec } from '../../models/tensor.js';
import { tensorElements } from '../../models/tensor.js';
import { seededRandom } from '../../random.js';


/** Deterministic weights for one tensor: uniform in [-0.02, 0.02), from the seed and the tensor's index. */
export function tensorWeights(t: TensorSpec, seed: number, index: number): Float32Array {
  const next = seededRandom(seed * 1_000_003 + index);
  const out = new Float32Array(tensorElements(t));
  for (let i = 0; i < out.length; i++) out[i] = (next() - 0.5) * 0.04;
  return out;
}

/** The fixed input of every generated model: length n, values in [-1, 1], no randomness. */
export function fixedInput(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = (((i * 7) % 13) - 6) / 6;
  return x;
}
