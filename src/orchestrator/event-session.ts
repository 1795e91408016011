import readline from 'node:readline';
import type { Duplex } from 'node:stream';
import { ackLine, parseEvent, type ErrorEvent, type EventSchema, type HelloEvent, type RequestsEvent, type TimingEvent } from '../protocol/events.js';
import type { MarkRecord, Reading } from '../protocol/measurement.js';
import { planActions, planMarks, type CellPlan, type MarkStep } from '../protocol/plan.js';

/** What the run does with the events that need measuring: a hello (which process to measure), a mark. */
export interface SessionHandlers {
  /** Why this hello cannot be accepted, if it cannot (checks of the process it names, its LD_PRELOAD). */
  hello(event: HelloEvent): string | undefined;
  /** The mark's record, or why it could not be read. */
  mark(want: MarkStep, inproc: Reading): Promise<MarkRecord | string>;
  /** After each acknowledged mark, with the number of marks so far. */
  marked?(marks: number): void;
}

/**
 * The runner's side of fd 3, one event at a time and in order: each line validated against the
 * protocol, marks checked against the plan's and acknowledged once measured, anything else a runner
 * gets wrong turned into the reason its cell failed (`failure`), after which nothing more is read.
 */
export class EventSession {
  readonly marks: MarkRecord[] = [];
  readonly timings: TimingEvent[] = [];
  readonly requests: RequestsEvent[] = [];
  hello: HelloEvent | undefined;
  runnerError: ErrorEvent | undefined;
  done = false;
  failure: string | undefined;
  /** Resolves when fd 3 has closed and every event read was handled. */
  readonly closed: Promise<void>;
  private readonly expected: MarkStep[];
  private readonly plannedRequests: Set<number>;

  constructor(
    private readonly plan: CellPlan,
    private readonly fd3: Duplex,
    private readonly schema: EventSchema,
    private readonly handlers: SessionHandlers,
    private readonly onFailure: () => void,
  ) {
    this.expected = planMarks(plan.steps);
    this.plannedRequests = new Set(plan.steps.flatMap((s) => (s.op === 'requests_begin' ? [s.id] : [])));
    const lines = readline.createInterface({ input: fd3 });
    let queue = Promise.resolve();
    lines.on('line', (line) => {
      queue = queue.then(() => this.handle(line));
    });
    this.closed = new Promise<void>((resolve) => lines.once('close', resolve)).then(() => queue);
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    this.onFailure();
  }

  private async handle(line: string): Promise<void> {
    if (this.failure !== undefined || line.trim() === '') return;
    const event = parseEvent(line, this.schema);
    if (typeof event === 'string') return this.fail(`the runner wrote a malformed event on fd 3: ${event}`);
    switch (event.event) {
      case 'hello': {
        this.hello = event;
        const refused = this.handlers.hello(event);
        if (refused) return this.fail(refused);
        const lacking = unimplemented(this.plan, event.implements);
        if (lacking) return this.fail(`the runner does not implement ${lacking} (its hello lists what it does)`);
        break;
      }
      case 'timing':
        this.timings.push(event);
        break;
      case 'info':
        break;
      case 'requests':
        // One per requests step of the plan: anything else is a runner's mistake, not more to keep.
        if (!this.plannedRequests.has(event.id) || this.requests.some((r) => r.id === event.id)) {
          return this.fail(`the runner sent a requests event for step ${event.id}, which ${this.plannedRequests.has(event.id) ? 'it had already reported' : 'the plan does not have'}`);
        }
        this.requests.push(event);
        break;
      case 'error':
        this.runnerError = event;
        break;
      case 'done':
        this.done = true;
        break;
      case 'mark': {
        const want = this.expected[this.marks.length];
        if (!want || want.index !== event.index) return this.fail(`the runner sent mark ${event.index}, expected ${want ? `mark ${want.index}` : 'no more marks'}`);
        const mark = await this.handlers.mark(want, event.inproc);
        if (typeof mark === 'string') return this.fail(mark);
        this.marks.push(mark);
        this.fd3.write(ackLine(event.index));
        this.handlers.marked?.(this.marks.length);
        break;
      }
    }
  }
}

/** The steps and actions the plan needs that the runner's hello does not list, if any. */
function unimplemented(plan: CellPlan, has: { ops: string[]; actions: string[] }): string | undefined {
  const ops = [...new Set(plan.steps.map((s) => s.op))].filter((op) => !has.ops.includes(op));
  const actions = planActions(plan.steps).filter((a) => !has.actions.includes(a));
  const parts = [...(ops.length ? [`step ${ops.join(', ')}`] : []), ...(actions.length ? [`action ${actions.join(', ')}`] : [])];
  return parts.length ? parts.join(' and ') : undefined;
}
