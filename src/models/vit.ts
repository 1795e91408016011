import type { TensorSpec } from './tensor.js';

/** The subset of a HuggingFace ViTConfig that decides the parameter shapes. */
export interface VitShape {
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  image_size: number;
  patch_size: number;
  num_channels: number;
}

/** Parameters of transformers' ViTModel (with pooler), in its state_dict order and names. */
export function vitTensors(c: VitShape): TensorSpec[] {
  const H = c.hidden_size;
  const I = c.intermediate_size;
  const patches = (c.image_size / c.patch_size) ** 2;
  const t = (name: string, ...shape: number[]): TensorSpec => ({ name, shape, dtype: 'float32' });
  const linear = (prefix: string, out: number, inp: number) => [t(`${prefix}.weight`, out, inp), t(`${prefix}.bias`, out)];
  const norm = (prefix: string) => [t(`${prefix}.weight`, H), t(`${prefix}.bias`, H)];
  const out: TensorSpec[] = [
    t('embeddings.cls_token', 1, 1, H),
    t('embeddings.position_embeddings', 1, patches + 1, H),
    t('embeddings.patch_embeddings.projection.weight', H, c.num_channels, c.patch_size, c.patch_size),
    t('embeddings.patch_embeddings.projection.bias', H),
  ];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const l = `encoder.layer.${i}`;
    out.push(
      ...linear(`${l}.attention.attention.query`, H, H),
      ...linear(`${l}.attention.attention.key`, H, H),
      ...linear(`${l}.attention.attention.value`, H, H),
      ...linear(`${l}.attention.output.dense`, H, H),
      ...linear(`${l}.intermediate.dense`, I, H),
      ...linear(`${l}.output.dense`, H, I),
      ...norm(`${l}.layernorm_before`),
      ...norm(`${l}.layernorm_after`),
    );
  }
  out.push(...norm('layernorm'), ...linear('pooler.dense', H, H));
  return out;
}
