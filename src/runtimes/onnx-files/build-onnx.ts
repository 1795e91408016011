import onnxProto from 'onnx-proto';
import type { ModelSpec } from '../../models/catalogue.js';
import type { TensorSpec } from '../../models/tensor.js';
import { tensorWeights } from './weights.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
export const OPSET = 17;

/** As a matrix [rows, cols]: 1-D tensors are one row, higher ranks are flattened to [rest, last]. */
export function matrixShape(t: TensorSpec): [number, number] {
  if (t.shape.length === 1) return [1, t.shape[0]!];
  const last = t.shape[t.shape.length - 1]!;
  return [t.shape.slice(0, -1).reduce((a, b) => a * b, 1), last];
}

/** Length of the model's input vector: the longest matrix row count (an embedding's vocabulary). */
export function inputLength(spec: ModelSpec): number {
  return Math.max(...spec.tensors.map((t) => matrixShape(t)[0]));
}

/**
 * An ONNX model whose initializers are exactly the catalogue's tensors (names, shapes, float32
 * weights from the seed) and whose output depends on every one of them through the input, so the
 * runtime can neither drop nor constant-fold any: y = sum over tensors W of sum(x[:rows] . W), with
 * x a float vector [1, n]. One matrix-vector product per weight: a forward pass's worth of reads.
 */
export function buildOnnxModel(spec: ModelSpec, seed: number): Uint8Array {
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  const sums: string[] = [];
  const slices = new Map<number, string>();
  const constant = (name: string, values: number[]) =>
    nodes.push({
      opType: 'Constant',
      output: [name],
      attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { dataType: INT64, dims: [values.length], int64Data: values } }],
    });
  constant('zero', [0]);
  constant('axis1', [1]);
  const sliceOf = (rows: number): string => {
    let name = slices.get(rows);
    if (!name) {
      name = `x_${rows}`;
      constant(`${name}_end`, [rows]);
      nodes.push({ opType: 'Slice', input: ['x', 'zero', `${name}_end`, 'axis1'], output: [name] });
      slices.set(rows, name);
    }
    return name;
  };

  spec.tensors.forEach((t, i) => {
    if (t.dtype !== 'float32') throw new Error(`${spec.name}: ${t.name} is ${t.dtype}; the ONNX builder writes float32 only`);
    const weights = tensorWeights(t, seed, i);
    initializers.push({ name: t.name, dataType: FLOAT, dims: t.shape, rawData: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength) });
    const [rows, cols] = matrixShape(t);
    let matrix = t.name;
    if (t.shape.length !== 2) {
      constant(`shape_${i}`, [rows, cols]);
      matrix = `matrix_${i}`;
      nodes.push({ opType: 'Reshape', input: [t.name, `shape_${i}`], output: [matrix] });
    }
    nodes.push({ opType: 'MatMul', input: [sliceOf(rows), matrix], output: [`product_${i}`] });
    nodes.push({ opType: 'ReduceSum', input: [`product_${i}`], output: [`sum_${i}`], attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] });
    sums.push(`sum_${i}`);
  });
  nodes.push({ opType: 'Sum', input: sums, output: ['y'] });

  const floatType = (dims: number[]) => ({ tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'reclaim',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: spec.name,
      node: nodes,
      initializer: initializers,
      input: [{ name: 'x', type: floatType([1, inputLength(spec)]) }],
      output: [{ name: 'y', type: floatType([]) }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
