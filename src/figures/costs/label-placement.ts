/**
 * Where the label of each point of a scatter goes, so that labels neither cover each other nor the
 * points: for each point in turn (left to right), the first of a few positions around it whose box is
 * free, else the free spot nearest above or below. Works in pixels on the chart's own linear scales.
 */
export interface Placed {
  /** The label's anchor (its left end, at the text's middle) in pixels. */
  x: number;
  y: number;
  /** The end of the label nearest its point, where a leader line from the point meets it. */
  near: number;
}

const CHAR_PX = 6.6;
const LINE_PX = 14;

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

export function placeLabels(points: readonly { x: number; y: number; label: string }[], width: number): Placed[] {
  const taken: Box[] = points.map((p) => ({ x0: p.x - 6, x1: p.x + 6, y0: p.y - 6, y1: p.y + 6 }));
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.x - points[b]!.x || points[a]!.y - points[b]!.y);
  const out: Placed[] = new Array(points.length);
  for (const i of order) {
    const p = points[i]!;
    const w = p.label.length * CHAR_PX;
    const box = (x: number, y: number): Box => ({ x0: x, x1: x + w, y0: y - LINE_PX / 2, y1: y + LINE_PX / 2 });
    const right = Math.min(p.x + 9, width - w);
    const left = Math.max(0, p.x - 9 - w);
    const candidates: [number, number][] = [
      [right, p.y - 9],
      [right, p.y + 9],
      [left, p.y - 9],
      [left, p.y + 9],
      [right, p.y],
      [left, p.y],
    ];
    for (let step = 2; step < 12; step++) candidates.push([right, p.y - 9 * step], [right, p.y + 9 * step]);
    const free = candidates.find(([x, y]) => !taken.some((t) => overlaps(t, box(x, y)))) ?? candidates[0]!;
    taken.push(box(free[0], free[1]));
    out[i] = { x: free[0], y: free[1], near: free[0] >= p.x ? free[0] - 2 : free[0] + w + 2 };
  }
  return out;
}
