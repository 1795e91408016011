import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A socket that listens: its address and port, and the process that has it. */
export interface Listener {
  address: string;
  port: number;
  pid: number;
}

/** /proc/net/tcp(6)'s hex address as text: each 32-bit word is in host (little-endian) order. */
function address(hex: string, v6: boolean): string {
  const bytes = hex.match(/.{8}/g)!.flatMap((w) => w.match(/../g)!.reverse().map((b) => parseInt(b, 16)));
  if (!v6) return bytes.join('.');
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 255 && bytes[11] === 255) return `::ffff:${bytes.slice(12).join('.')}`;
  if (zeros(0, 16)) return '::';
  if (zeros(0, 15) && bytes[15] === 1) return '::1';
  return Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(':');
}

/** The sockets in state LISTEN of these processes (their fds matched against /proc/net/tcp and tcp6). */
export function listeners(pids: readonly number[]): Listener[] {
  const owner = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) owner.set(m[1]!, pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  const out: Listener[] = [];
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A: LISTEN
      const pid = owner.get(f[9]!);
      if (pid === undefined) continue;
      const [hex, port] = f[1]!.split(':');
      out.push({ address: address(hex!, v6), port: parseInt(port!, 16), pid });
    }
  }
  return out;
}

/** Whether an address is the loopback interface (127.0.0.0/8, ::1, IPv4-mapped loopback). */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}
