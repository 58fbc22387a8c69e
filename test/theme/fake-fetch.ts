/** A request seen by `FakeFetch`, with header names lowercased. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  credentials: RequestCredentials | undefined;
}

export type Responder = (request: SeenRequest) => Response | Promise<Response>;

interface Route {
  method: string;
  url: string;
  responder: Responder;
  once: boolean;
}

/**
 * A `fetch` replacement that responds from routes set by the test and records every request.
 * One-time routes are used before persistent ones; a request without a route fails the test.
 */
export class FakeFetch {
  readonly requests: SeenRequest[] = [];
  private readonly routes: Route[] = [];

  on(method: string, url: string, responder: Responder): this {
    this.routes.push({ method, url, responder, once: false });
    return this;
  }

  /** Adds a route used once. One-time routes of one URL respond in the order they were added. */
  once(method: string, url: string, responder: Responder): this {
    const firstPersistent = this.routes.findIndex((route) => !route.once);
    const index = firstPersistent === -1 ? this.routes.length : firstPersistent;
    this.routes.splice(index, 0, { method, url, responder, once: true });
    return this;
  }

  requestsTo(method: string, url: string): SeenRequest[] {
    return this.requests.filter((request) => request.method === method && request.url === url);
  }

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const request: SeenRequest = {
      url: input,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : null,
      credentials: init.credentials,
    };
    this.requests.push(request);

    const index = this.routes.findIndex((route) => route.method === request.method && route.url === request.url);
    const route = this.routes[index];
    if (!route) throw new Error(`FakeFetch has no route for ${request.method} ${request.url}`);
    if (route.once) this.routes.splice(index, 1);
    return route.responder(request);
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function notModified(): Response {
  return new Response(null, { status: 304 });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { promise, resolve, reject };
}

/** Lets pending promises, microtasks and zero-delay timers run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Lets microtasks run without letting any timer fire. */
export async function flushMicrotasks(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await Promise.resolve();
}
