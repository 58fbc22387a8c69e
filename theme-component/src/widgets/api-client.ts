import { ExperimentStore } from './experiment-store';

/** A failed sidecar request: an HTTP error status, no response at all, or a body that is not JSON. */
export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** The sidecar's `error` text, when its body had one. */
    readonly serverMessage: string | null,
    readonly code: string | null = null,
    /** Seconds from a `Retry-After` header (429). */
    readonly retryAfterSeconds: number | null = null,
    readonly kind: 'http' | 'network' | 'invalid-body' = 'http',
  ) {
    super(serverMessage ?? (kind === 'network' ? 'network request failed' : `HTTP ${status}`));
    this.name = 'ApiError';
  }
}

export interface JsonResult<T> {
  data: T;
  /** True when the sidecar responded 304 to the cached ETag, so `data` is the cached body. */
  notModified: boolean;
}

interface CachedBody {
  etag: string;
  body: unknown;
}

/** Maximum number of ETag-cached GET responses kept per client; the oldest is dropped first. */
const MAX_CACHED_RESPONSES = 64;

type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * HTTP client for the sidecar's JSON API. GET responses that carry an ETag are kept in memory and
 * revalidated with `If-None-Match`; concurrent GETs of one path share a request. Requests send the
 * forum's cookies only to the same origin (`credentials: 'same-origin'`).
 */
export class PraxisClient {
  readonly base: string;
  private readonly fetchFunction: FetchFunction;
  private readonly cache = new Map<string, CachedBody>();
  private readonly inFlight = new Map<string, Promise<JsonResult<unknown>>>();
  private readonly experimentStores = new Map<number, ExperimentStore>();

  /** `fetchFunction` defaults to the global `fetch`, looked up at call time so a test can replace it. */
  constructor(base: string, fetchFunction?: FetchFunction) {
    this.base = base.replace(/\/+$/, '');
    this.fetchFunction = fetchFunction ?? ((input, init) => globalThis.fetch(input, init));
  }

  getJson<T>(path: string): Promise<JsonResult<T>> {
    const running = this.inFlight.get(path);
    if (running) return running as Promise<JsonResult<T>>;

    const request = this.revalidate(path).finally(() => this.inFlight.delete(path));
    this.inFlight.set(path, request);
    return request as Promise<JsonResult<T>>;
  }

  /** Sends a write (POST, DELETE) with an optional JSON body and returns the parsed JSON response. */
  async sendJson<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const response = await this.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await errorFromResponse(response);
    return (await readJson(response)) as T;
  }

  /** Returns the shared state of one experiment, created on first use. */
  experiment(topicId: number): ExperimentStore {
    let store = this.experimentStores.get(topicId);
    if (!store) {
      store = new ExperimentStore(this, topicId, () => this.experimentStores.delete(topicId));
      this.experimentStores.set(topicId, store);
    }
    return store;
  }

  private async revalidate(path: string): Promise<JsonResult<unknown>> {
    const cached = this.cache.get(path);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (cached) headers['If-None-Match'] = cached.etag;

    const response = await this.request(path, { method: 'GET', headers });

    if (response.status === 304) {
      // The entry can be evicted while the request runs; then ask again without a validator.
      const current = this.cache.get(path);
      if (!current) return this.revalidateWithoutCache(path);
      this.remember(path, current);
      return { data: current.body, notModified: true };
    }
    if (!response.ok) throw await errorFromResponse(response);

    const body = await readJson(response);
    const etag = response.headers.get('ETag');
    if (etag) this.remember(path, { etag, body });
    else this.cache.delete(path);
    return { data: body, notModified: false };
  }

  private async revalidateWithoutCache(path: string): Promise<JsonResult<unknown>> {
    const response = await this.request(path, { method: 'GET', headers: { Accept: 'application/json' } });
    if (!response.ok) throw await errorFromResponse(response);

    const body = await readJson(response);
    const etag = response.headers.get('ETag');
    if (etag) this.remember(path, { etag, body });
    return { data: body, notModified: false };
  }

  private remember(path: string, entry: CachedBody): void {
    this.cache.delete(path);
    this.cache.set(path, entry);
    while (this.cache.size > MAX_CACHED_RESPONSES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFunction(this.base + path, { ...init, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, null, null, null, 'network');
    }
  }
}

const sharedClients = new Map<string, PraxisClient>();

/** Returns the page-wide client for a base URL, so every widget on the page shares one cache. */
export function clientFor(base: string): PraxisClient {
  let client = sharedClients.get(base);
  if (!client) {
    client = new PraxisClient(base);
    sharedClients.set(base, client);
  }
  return client;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new ApiError(response.status, null, null, null, 'invalid-body');
  }
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let message: string | null = null;
  let code: string | null = null;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object') {
      const fields = body as { error?: unknown; code?: unknown };
      if (typeof fields.error === 'string') message = fields.error;
      if (typeof fields.code === 'string') code = fields.code;
    }
  } catch {
    // A proxy's HTML error page has no JSON; the status alone then describes the failure.
  }
  return new ApiError(response.status, message, code, parseRetryAfter(response.headers.get('Retry-After')));
}

/** Reads `Retry-After` in either form RFC 9110 allows: delay seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);

  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
