import type { Endpoint, ServerSpec } from '../../src/protocol/plan.js';

/** A request an endpoint makes for one model: URL, method, headers, body. */
export interface Call {
  url: string;
  method: Endpoint['method'];
  headers: Record<string, string>;
  body?: string;
}

/** Strings of a template with {model}, {port.NAME} and {option.NAME} filled in (JSON values walked). */
function fill(value: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return value.replace(/\{([a-z][a-z0-9_.]*)\}/g, (all, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : all));
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

/** The server's API on its ports: each endpoint made into a call for a model (always to 127.0.0.1). */
export class ServerApi {
  constructor(
    private readonly spec: ServerSpec,
    private readonly ports: Readonly<Record<string, number>>,
    private readonly vars: Readonly<Record<string, string>>,
  ) {}

  url(path: string, port?: string): string {
    const name = port ?? this.spec.ports[0]!;
    if (!Object.hasOwn(this.ports, name)) throw new Error(`the server has no port named ${JSON.stringify(name)} (its ports: ${this.spec.ports.join(', ')})`);
    return `http://127.0.0.1:${this.ports[name]}${path}`;
  }

  call(e: Endpoint, model: string, body?: unknown): Call {
    const vars = { ...this.vars, model: encodeURIComponent(model) };
    const raw = { ...vars, model };
    const filledBody = body !== undefined ? body : e.body === undefined ? undefined : fill(e.body, raw);
    return {
      url: this.url(fill(e.path, vars) as string, e.port),
      method: e.method,
      headers: { ...(fill(e.headers ?? {}, raw) as Record<string, string>), ...(filledBody !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(filledBody !== undefined ? { body: JSON.stringify(filledBody) } : {}),
    };
  }
}
