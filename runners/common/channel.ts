import net from 'node:net';
import readline from 'node:readline';

/** The runner's side of the protocol: JSON lines on fd 3, and the wait for the ack after a mark. */
export class Channel {
  private readonly socket: net.Socket;
  private readonly acks: AsyncIterator<string>;

  constructor(fd = 3) {
    try {
      this.socket = new net.Socket({ fd, readable: true, writable: true });
    } catch {
      process.stderr.write('this runner must be started by reclaim: fd 3 (the event channel) is not open\n');
      process.exit(2);
    }
    this.acks = readline.createInterface({ input: this.socket })[Symbol.asyncIterator]();
  }

  send(event: Record<string, unknown>): void {
    this.socket.write(`${JSON.stringify(event)}\n`);
  }

  async mark(index: number, inproc: Record<string, number>): Promise<void> {
    this.send({ event: 'mark', index, inproc });
    const next = await this.acks.next();
    if (next.done) throw new Error(`the harness closed fd 3 before acknowledging mark ${index}`);
    const ack = JSON.parse(next.value) as { ack?: number };
    if (ack.ack !== index) throw new Error(`expected the ack of mark ${index}, got ${next.value}`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.end(resolve));
  }
}

/** The cell plan, which the harness writes on stdin. */
export async function readPlan<P>(): Promise<P> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text) as P;
}
