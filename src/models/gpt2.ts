import type { TensorSpec } from './tensor.js';

/** The subset of a HuggingFace GPT2Config that decides the parameter shapes. */
export interface Gpt2Shape {
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  n_inner: number;
}

/** Parameters of transformers' GPT2Model, in its state_dict order and names (Conv1D weights are [in, out]). */
export function gpt2Tensors(c: Gpt2Shape): TensorSpec[] {
  const E = c.n_embd;
  const t = (name: string, ...shape: number[]): TensorSpec => ({ name, shape, dtype: 'float32' });
  const conv1d = (prefix: string, inp: number, out: number) => [t(`${prefix}.weight`, inp, out), t(`${prefix}.bias`, out)];
  const norm = (prefix: string) => [t(`${prefix}.weight`, E), t(`${prefix}.bias`, E)];
  const out: TensorSpec[] = [t('wte.weight', c.vocab_size, E), t('wpe.weight', c.n_positions, E)];
  for (let i = 0; i < c.n_layer; i++) {
    const h = `h.${i}`;
    out.push(
      ...norm(`${h}.ln_1`),
      ...conv1d(`${h}.attn.c_attn`, E, 3 * E),
      ...conv1d(`${h}.attn.c_proj`, E, E),
      ...norm(`${h}.ln_2`),
      ...conv1d(`${h}.mlp.c_fc`, E, c.n_inner),
      ...conv1d(`${h}.mlp.c_proj`, c.n_inner, E),
    );
  }
  out.push(...norm('ln_f'));
  return out;
}
