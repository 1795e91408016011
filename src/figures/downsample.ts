/**
 * Thins a time series for drawing while keeping its shape: the series is cut into `buckets` runs of
 * points and each keeps its lowest and highest point, so peaks and troughs survive.
 */
export function downsampleMinMax<T>(points: readonly T[], value: (p: T) => number, buckets = 400): T[] {
  if (points.length <= buckets * 2) return [...points];
  const out: T[] = [];
  const size = points.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(points.length, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (value(points[i]!) < value(points[lo]!)) lo = i;
      if (value(points[i]!) > value(points[hi]!)) hi = i;
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) if (out[out.length - 1] !== points[i]) out.push(points[i]!);
  }
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]!);
  return out;
}
