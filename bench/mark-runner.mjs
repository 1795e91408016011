// The smallest runner: it says hello, then sends the plan's marks one after another, each waiting for
// its ack, then done. bench/harness.ts times a mark's round trip with it.
import net from 'node:net';
import readline from 'node:readline';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const plan = JSON.parse(input);
const fd3 = new net.Socket({ fd: 3, readable: true, writable: true });
const acks = readline.createInterface({ input: fd3 })[Symbol.asyncIterator]();
const send = (event) => fd3.write(`${JSON.stringify(event)}\n`);
send({ event: 'hello', runtime: 'bench', pid: process.pid, versions: {}, implements: { ops: ['mark'], actions: [], noop: [] } });
for (const m of plan.steps) {
  send({ event: 'mark', index: m.index, inproc: {} });
  await acks.next();
}
send({ event: 'done' });
fd3.end();
