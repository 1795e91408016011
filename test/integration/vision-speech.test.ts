import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPython } from '../../src/runtimes/python-env/find-python.js';
import { FIXTURES, num, readCsv, reclaim, tmp } from './helpers.js';

/** Each run of a results directory by runtime and model, every one ok, with its requests all answered. */
function okRows(out: string): Record<string, string>[] {
  const rows = readCsv(path.join(out, 'summary.csv'));
  for (const row of rows) {
    expect(row.status, `${row.runtime} ${row.model ?? ''}: ${row.reason}`).toBe('ok');
    expect(num(row.requests)).toBe(4);
    expect(num(row.errors)).toBe(0);
  }
  return rows;
}

describe('models beyond text: vision and speech, in the script runner and through a server', () => {
  it('the catalogue\'s ViT and Whisper (checkpoints saved with save_pretrained) load, run on inputs built from each model, and unload', async () => {
    const out = tmp('vision-speech');
    const r = await reclaim(['run', path.join(FIXTURES, 'vision-speech.yaml'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = okRows(out);
    expect(rows.map((row) => `${row.runtime}/${row.model}`).sort()).toEqual(['python/tiny-vit', 'python/tiny-whisper', 'serving/tiny-vit', 'serving/tiny-whisper']);
  });

  it('a ViT and a Whisper of shapes the catalogue does not have, from directories saved with save_pretrained (source hf:)', async () => {
    const found = await findPython();
    if (typeof found === 'string' || !found.probe.transformers) throw new Error(`this test needs transformers: ${typeof found === 'string' ? found : 'not installed'}`);
    const dir = tmp('hf-vision-speech');
    execFileSync(found.python, ['-c', `
import torch
from transformers import ViTConfig, ViTModel, WhisperConfig, WhisperModel
torch.manual_seed(0)
ViTModel(ViTConfig(hidden_size=96, num_hidden_layers=2, num_attention_heads=3, intermediate_size=192, image_size=48, patch_size=16)).save_pretrained(${JSON.stringify(path.join(dir, 'vit'))})
WhisperModel(WhisperConfig(d_model=96, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=192, decoder_ffn_dim=192, vocab_size=500, num_mel_bins=40, max_source_positions=100, max_target_positions=64, pad_token_id=499, bos_token_id=498, eos_token_id=498, decoder_start_token_id=497)).save_pretrained(${JSON.stringify(path.join(dir, 'whisper'))})
`]);
    const scenario = path.join(dir, 'hf.yaml');
    writeFileSync(scenario, `name: hf-vision-speech\nruntime: \${runtime}\nmatrix:\n  runtime: [python, serving]\n  kind: [vit, whisper]\nsteps:\n  - mark: initial\n  - load: { source: "hf:${dir}/\${kind}", name: m }\n  - infer: m\n  - mark: loaded\n  - requests: { model: m, count: 4, concurrency: 2 }\n  - unload: m\n  - mark: { label: after unload, settled: true }\n`);
    const out = path.join(dir, 'out');
    const r = await reclaim(['run', scenario, '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(okRows(out).length).toBe(4);
  });
});
