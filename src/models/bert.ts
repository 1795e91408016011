import type { TensorSpec } from './tensor.js';

/** The subset of a HuggingFace BertConfig that decides the parameter shapes. */
export interface BertShape {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
  type_vocab_size: number;
}

/** Parameters of transformers' BertModel (with pooler), in its state_dict order and names. */
export function bertTensors(c: BertShape): TensorSpec[] {
  const H = c.hidden_size;
  const I = c.intermediate_size;
  const t = (name: string, ...shape: number[]): TensorSpec => ({ name, shape, dtype: 'float32' });
  const linear = (prefix: string, out: number, inp: number) => [t(`${prefix}.weight`, out, inp), t(`${prefix}.bias`, out)];
  const norm = (prefix: string) => [t(`${prefix}.weight`, H), t(`${prefix}.bias`, H)];
  const out: TensorSpec[] = [
    t('embeddings.word_embeddings.weight', c.vocab_size, H),
    t('embeddings.position_embeddings.weight', c.max_position_embeddings, H),
    t('embeddings.token_type_embeddings.weight', c.type_vocab_size, H),
    ...norm('embeddings.LayerNorm'),
  ];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const l = `encoder.layer.${i}`;
    out.push(
      ...linear(`${l}.attention.self.query`, H, H),
      ...linear(`${l}.attention.self.key`, H, H),
      ...linear(`${l}.attention.self.value`, H, H),
      ...linear(`${l}.attention.output.dense`, H, H),
      ...norm(`${l}.attention.output.LayerNorm`),
      ...linear(`${l}.intermediate.dense`, I, H),
      ...linear(`${l}.output.dense`, H, I),
      ...norm(`${l}.output.LayerNorm`),
    );
  }
  out.push(...linear('pooler.dense', H, H));
  return out;
}
