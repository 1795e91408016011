import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/models/catalogue.js';
import { RUNNER_DIR as PYTHON_RUNNER_DIR } from '../../src/runtimes/python-env/files.js';
import { findPython } from '../../src/runtimes/python-env/find-python.js';

// Builds each architecture on the meta device (no memory) and compares it tensor for tensor.
const CHECK = `
import json, sys, torch
from transformers import AutoConfig, AutoModel
from reclaim_runner.models import check_shapes
for spec in json.load(sys.stdin):
    config = AutoConfig.for_model(spec["architecture"]["model_type"], **spec["architecture"]["config"])
    with torch.device("meta"):
        model = AutoModel.from_config(config)
    check_shapes(spec, model)
    print(spec["name"], model.num_parameters())
`;

describe('the shape catalogue', () => {
  it("is transformers' own architecture for every model it says is one", async () => {
    const found = await findPython();
    if (typeof found === 'string') throw new Error(found);
    if (!found.probe.transformers) throw new Error(`${found.python} has no transformers; the project virtualenv has it (make setup)`);
    const specs = MODELS.filter((m) => m.architecture);
    const r = await execa(found.python, ['-c', CHECK], { input: JSON.stringify(specs), cwd: PYTHON_RUNNER_DIR, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'bert-base-uncased 109482240',
      'gpt2 124439808',
      'bert-base-japanese-v2 111207168',
      'vit-base 86389248',
      'whisper-tiny 37760640',
      expect.stringMatching(/^tiny-bert \d+$/),
      expect.stringMatching(/^tiny-bert-deep \d+$/),
      expect.stringMatching(/^small-bert \d+$/),
      expect.stringMatching(/^tiny-gpt2 \d+$/),
      expect.stringMatching(/^tiny-vit \d+$/),
      expect.stringMatching(/^tiny-whisper \d+$/),
    ]);
  });
});
