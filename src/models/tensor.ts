export type Dtype = 'float32' | 'float16' | 'bfloat16' | 'int64';

export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: Dtype;
}

export const DTYPE_BYTES: Record<Dtype, number> = { float32: 4, float16: 2, bfloat16: 2, int64: 8 };

export function tensorElements(t: TensorSpec): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

export function tensorBytes(t: TensorSpec): number {
  return tensorElements(t) * DTYPE_BYTES[t.dtype];
}
