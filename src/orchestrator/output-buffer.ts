/** Keeps what a runner prints, up to a cap (the end is what explains a failure). */
export class OutputBuffer {
  private chunks: string[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly cap = 1024 * 1024) {}

  push(chunk: Buffer | string): void {
    const s = chunk.toString();
    this.chunks.push(s);
    this.size += s.length;
    while (this.size > this.cap && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  text(): string {
    const body = this.chunks.join('');
    return this.dropped ? `[... ${this.dropped} characters dropped ...]\n${body}` : body;
  }

  tail(lines = 20): string {
    return this.chunks.join('').split('\n').slice(-lines - 1).join('\n').trim();
  }
}
