import { bertTensors, type BertShape } from './bert.js';
import { gpt2Tensors, type Gpt2Shape } from './gpt2.js';
import { tensorBytes, tensorElements, type TensorSpec } from './tensor.js';
import { vitTensors, type VitShape } from './vit.js';
import { whisperTensors, type WhisperShape } from './whisper.js';

/** The model's public configuration (its config.json): the architecture's type and its config values. */
export interface Architecture {
  model_type: 'bert' | 'gpt2' | 'vit' | 'whisper';
  config: Record<string, number>;
}

export interface ModelSpec {
  name: string;
  description: string;
  /** Tiny models exist for tests and quick checks. */
  tiny: boolean;
  /** Absent for models that no public architecture describes (block models of raw tensors). */
  architecture?: Architecture;
  tensors: TensorSpec[];
}

function bert(name: string, description: string, shape: BertShape, tiny = false): ModelSpec {
  return { name, description, tiny, architecture: { model_type: 'bert', config: { ...shape } }, tensors: bertTensors(shape) };
}

function gpt2(name: string, description: string, shape: Gpt2Shape, tiny = false): ModelSpec {
  return { name, description, tiny, architecture: { model_type: 'gpt2', config: { ...shape } }, tensors: gpt2Tensors(shape) };
}

function vit(name: string, description: string, shape: VitShape, tiny = false): ModelSpec {
  return { name, description, tiny, architecture: { model_type: 'vit', config: { ...shape } }, tensors: vitTensors(shape) };
}

function whisper(name: string, description: string, shape: WhisperShape, tiny = false): ModelSpec {
  return { name, description, tiny, architecture: { model_type: 'whisper', config: { ...shape } }, tensors: whisperTensors(shape) };
}

/** `count` float32 matrices of rows x cols: a model whose byte count is known exactly. */
function blocks(name: string, count: number, rows: number, cols: number, purpose: string): ModelSpec {
  const tensors = Array.from({ length: count }, (_, i): TensorSpec => ({ name: `blocks.${i}.weight`, shape: [rows, cols], dtype: 'float32' }));
  return { name, description: `${count} float32 tensor${count > 1 ? 's' : ''} of ${rows}x${cols}, ${purpose}`, tiny: true, tensors };
}

const BERT_BASE: BertShape = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  max_position_embeddings: 512,
  type_vocab_size: 2,
};

const VIT_BASE: VitShape = { hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, image_size: 224, patch_size: 16, num_channels: 3 };

const WHISPER_TINY: WhisperShape = {
  d_model: 384,
  encoder_layers: 4,
  decoder_layers: 4,
  encoder_attention_heads: 6,
  decoder_attention_heads: 6,
  encoder_ffn_dim: 1536,
  decoder_ffn_dim: 1536,
  vocab_size: 51865,
  num_mel_bins: 80,
  max_source_positions: 1500,
  max_target_positions: 448,
  pad_token_id: 50257,
  bos_token_id: 50257,
  eos_token_id: 50257,
  decoder_start_token_id: 50258,
};

/** Shapes from the models' public configs: the same tensors as the real checkpoints, nothing downloaded. */
export const MODELS: readonly ModelSpec[] = [
  bert('bert-base-uncased', 'BERT base, uncased (google-bert/bert-base-uncased)', BERT_BASE),
  gpt2('gpt2', 'GPT-2 small (openai-community/gpt2)', { vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, n_inner: 3072 }),
  bert('bert-base-japanese-v2', 'BERT base Japanese v2 (tohoku-nlp/bert-base-japanese-v2)', { ...BERT_BASE, vocab_size: 32768 }),
  vit('vit-base', 'ViT base, 16x16 patches, 224x224 images (google/vit-base-patch16-224-in21k)', VIT_BASE),
  whisper('whisper-tiny', 'Whisper tiny, speech to text (openai/whisper-tiny)', WHISPER_TINY),
  bert('tiny-bert', 'a 2-layer BERT of hidden size 64, for tests', {
    vocab_size: 1000,
    hidden_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 256,
    max_position_embeddings: 128,
    type_vocab_size: 2,
  }, true),
  // Deep enough that checkpointing's saving (all blocks' activations but one) shows on a tiny model.
  bert('tiny-bert-deep', 'an 8-layer BERT of hidden size 64, for checkpointing tests', {
    vocab_size: 1000,
    hidden_size: 64,
    num_hidden_layers: 8,
    num_attention_heads: 2,
    intermediate_size: 256,
    max_position_embeddings: 128,
    type_vocab_size: 2,
  }, true),
  // Big enough that a server's hold on it shows over its own noise, small enough to load in a second.
  bert('small-bert', 'a 4-layer BERT of hidden size 512 (about 64 MiB), for server tests', {
    vocab_size: 8192,
    hidden_size: 512,
    num_hidden_layers: 4,
    num_attention_heads: 8,
    intermediate_size: 2048,
    max_position_embeddings: 128,
    type_vocab_size: 2,
  }, true),
  gpt2('tiny-gpt2', 'a 2-layer GPT-2 of width 64, for tests', { vocab_size: 1000, n_positions: 128, n_embd: 64, n_layer: 2, n_head: 2, n_inner: 256 }, true),
  vit('tiny-vit', 'a 2-layer ViT of hidden size 64 on 32x32 images, for tests', { hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 128, image_size: 32, patch_size: 8, num_channels: 3 }, true),
  whisper('tiny-whisper', 'a 2+2-layer Whisper of width 64, for tests', {
    ...WHISPER_TINY,
    d_model: 64,
    encoder_layers: 2,
    decoder_layers: 2,
    encoder_attention_heads: 2,
    decoder_attention_heads: 2,
    encoder_ffn_dim: 128,
    decoder_ffn_dim: 128,
    vocab_size: 1000,
    pad_token_id: 999,
    bos_token_id: 998,
    eos_token_id: 998,
    decoder_start_token_id: 997,
  }, true),
  blocks('blocks-64mib', 16, 1024, 1024, 'for accuracy checks'),
  // One 1 MiB allocation: too big for the small holes earlier frees leave, so it lands at the top of the
  // heap, above whatever was loaded before it, which makes heap pinning reproducible across machines.
  blocks('blocks-1mib', 1, 512, 512, 'to pin the heap in tests'),
];

export function findModel(name: string): ModelSpec | undefined {
  return MODELS.find((m) => m.name === name);
}

export function modelParameters(m: ModelSpec): number {
  return m.tensors.reduce((sum, t) => sum + tensorElements(t), 0);
}

export function modelBytes(m: ModelSpec): number {
  return m.tensors.reduce((sum, t) => sum + tensorBytes(t), 0);
}
