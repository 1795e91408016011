import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../src/models/catalogue.js';
import { inputLength, matrixShape } from '../../src/runtimes/onnx-files/build-onnx.js';
import { ensureOnnxFile } from '../../src/runtimes/onnx-files/onnx-file.js';
import { fixedInput, tensorWeights } from '../../src/runtimes/onnx-files/weights.js';

describe('generated ONNX files in onnxruntime-node', () => {
  it('load, and give the output the weights say, the same every time', async () => {
    const spec = findModel('tiny-gpt2')!;
    const file = await ensureOnnxFile(mkdtempSync(path.join(tmpdir(), 'reclaim-onnx-')), spec, 0);
    expect(await ensureOnnxFile(path.dirname(path.dirname(file)), spec, 0)).toBe(file); // cached: not rebuilt
    const n = inputLength(spec);
    const x = fixedInput(n);
    // y = sum over tensors of sum(x[:rows] . W), in float64 here
    let expected = 0;
    spec.tensors.forEach((t, i) => {
      const w = tensorWeights(t, 0, i);
      const [rows, cols] = matrixShape(t);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expected += x[r]! * w[r * cols + c]!;
    });
    const outputs: number[] = [];
    for (let run = 0; run < 2; run++) {
      const session = await ort.InferenceSession.create(file);
      const out = await session.run({ x: new ort.Tensor('float32', x, [1, n]) });
      outputs.push(Number(out.y!.data[0]));
      await session.release();
    }
    expect(outputs[0]).toBe(outputs[1]);
    expect(Math.abs(outputs[0]! - expected)).toBeLessThan(1e-3 * Math.max(1, Math.abs(expected)));
  });
});
