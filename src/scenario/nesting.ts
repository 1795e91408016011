/**
 * A linear pre-scan of a YAML text for how deeply it nests, so that a hostile file is refused before
 * the YAML parser (which recurses) sees it: 100,000 `[` took 24 s there, 10,000 overflowed its stack.
 * It counts what opens a level: a block node indented deeper than the one before it, each compact
 * `- ` or `? ` on a line (`- - - x`), and each `[` or `{` outside quotes and comments; block scalars
 * (`|`, `>`) are skipped. It may count a level the parser would not (never fewer), which the limit's
 * headroom (64 levels; a scenario uses 6) absorbs.
 */
export function tooDeep(text: string, limit: number): { offset: number } | undefined {
  const blocks: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | undefined;
  /** While inside a block scalar: the indentation its header line had (its lines are deeper). */
  let scalarOf: number | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (scalarOf !== undefined) {
      if (!content || indent > scalarOf) continue;
      scalarOf = undefined;
    }
    if (!quote && flow === 0) {
      if (!content || content.startsWith('#')) continue;
      while (blocks.length && blocks[blocks.length - 1]! >= indent) blocks.pop();
      blocks.push(indent);
    }
    let compact = 0;
    let i = indent;
    if (!quote && flow === 0) {
      while (/^[-?](\s|$)/.test(line.slice(i))) {
        compact++;
        i += 1;
        while (line[i] === ' ') i++;
      }
    }
    if (blocks.length + compact + flow > limit) return { offset: start + i };
    let prev = i > 0 ? line[i - 1] : ' ';
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = undefined;
        }
      } else if (c === '#' && /\s/.test(prev ?? ' ')) break;
      else if ((c === '"' || c === "'") && /[\s[{,:]/.test(prev ?? ' ')) quote = c;
      else if (c === '[' || c === '{') {
        if (blocks.length + compact + ++flow > limit) return { offset: start + i };
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      prev = c;
    }
    if (!quote && flow === 0 && /(^|[\s:-])[|>][+-]?\d?[+-]?\s*(#.*)?$/.test(line)) scalarOf = indent;
  }
  return undefined;
}
