import { createHash } from 'node:crypto';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../src/models/catalogue.js';
import { buildOnnxModel, inputLength, matrixShape } from '../../src/runtimes/onnx-files/build-onnx.js';

const { onnx } = onnxProto;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('ONNX models from the shape catalogue', () => {
  const spec = findModel('tiny-bert')!;

  it('has exactly the catalogue tensors as initializers, every one used by a node', () => {
    const model = onnx.ModelProto.decode(buildOnnxModel(spec, 0));
    const graph = model.graph!;
    expect(graph.initializer!.map((t) => [t.name, t.dims!.map(Number), t.rawData!.length])).toEqual(
      spec.tensors.map((t) => [t.name, t.shape, t.shape.reduce((a, b) => a * b, 1) * 4]),
    );
    const inputs = new Set(graph.node!.flatMap((n) => n.input ?? []));
    for (const t of graph.initializer!) expect(inputs.has(t.name!), t.name!).toBe(true);
    expect(graph.input!.map((i) => i.name)).toEqual(['x']);
    expect(graph.output!.map((o) => o.name)).toEqual(['y']);
    expect(Number(model.opsetImport![0]!.version)).toBe(17);
  });

  it('is the same bytes for the same seed, other weights for another', () => {
    expect(sha(buildOnnxModel(spec, 0))).toBe(sha(buildOnnxModel(spec, 0)));
    expect(sha(buildOnnxModel(spec, 1))).not.toBe(sha(buildOnnxModel(spec, 0)));
  });

  it('reads every weight through the input: x is as long as the longest matrix', () => {
    expect(matrixShape({ name: 'b', shape: [64], dtype: 'float32' })).toEqual([1, 64]);
    expect(matrixShape({ name: 'w', shape: [2, 3, 4], dtype: 'float32' })).toEqual([6, 4]);
    expect(inputLength(spec)).toBe(1000);
  });
});
