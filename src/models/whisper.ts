import type { TensorSpec } from './tensor.js';

/** The subset of a HuggingFace WhisperConfig that decides the parameter shapes (and its token ids, which it checks). */
export interface WhisperShape {
  d_model: number;
  encoder_layers: number;
  decoder_layers: number;
  encoder_attention_heads: number;
  decoder_attention_heads: number;
  encoder_ffn_dim: number;
  decoder_ffn_dim: number;
  vocab_size: number;
  num_mel_bins: number;
  max_source_positions: number;
  max_target_positions: number;
  pad_token_id: number;
  bos_token_id: number;
  eos_token_id: number;
  decoder_start_token_id: number;
}

/** Parameters of transformers' WhisperModel (encoder and decoder), in its state_dict order and names. */
export function whisperTensors(c: WhisperShape): TensorSpec[] {
  const D = c.d_model;
  const t = (name: string, ...shape: number[]): TensorSpec => ({ name, shape, dtype: 'float32' });
  const linear = (prefix: string, out: number, inp: number) => [t(`${prefix}.weight`, out, inp), t(`${prefix}.bias`, out)];
  const norm = (prefix: string) => [t(`${prefix}.weight`, D), t(`${prefix}.bias`, D)];
  // Whisper's key projection has no bias.
  const attention = (p: string) => [t(`${p}.k_proj.weight`, D, D), ...linear(`${p}.v_proj`, D, D), ...linear(`${p}.q_proj`, D, D), ...linear(`${p}.out_proj`, D, D)];
  const out: TensorSpec[] = [
    t('encoder.conv1.weight', D, c.num_mel_bins, 3),
    t('encoder.conv1.bias', D),
    t('encoder.conv2.weight', D, D, 3),
    t('encoder.conv2.bias', D),
    t('encoder.embed_positions.weight', c.max_source_positions, D),
  ];
  for (let i = 0; i < c.encoder_layers; i++) {
    const l = `encoder.layers.${i}`;
    out.push(...attention(`${l}.self_attn`), ...norm(`${l}.self_attn_layer_norm`), ...linear(`${l}.fc1`, c.encoder_ffn_dim, D), ...linear(`${l}.fc2`, D, c.encoder_ffn_dim), ...norm(`${l}.final_layer_norm`));
  }
  out.push(...norm('encoder.layer_norm'), t('decoder.embed_tokens.weight', c.vocab_size, D), t('decoder.embed_positions.weight', c.max_target_positions, D));
  for (let i = 0; i < c.decoder_layers; i++) {
    const l = `decoder.layers.${i}`;
    out.push(
      ...attention(`${l}.self_attn`),
      ...norm(`${l}.self_attn_layer_norm`),
      ...attention(`${l}.encoder_attn`),
      ...norm(`${l}.encoder_attn_layer_norm`),
      ...linear(`${l}.fc1`, c.decoder_ffn_dim, D),
      ...linear(`${l}.fc2`, D, c.decoder_ffn_dim),
      ...norm(`${l}.final_layer_norm`),
    );
  }
  out.push(...norm('decoder.layer_norm'));
  return out;
}
