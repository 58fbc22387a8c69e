/*
 * A small HTTP client for the simulator's tests: JSON in, status, headers and parsed body out.
 */

export interface Caller {
  /** Sends `Api-Key` and `Api-Username`. */
  apiKey?: string;
  apiUsername?: string;
  userApiKey?: string;
  /** The `_t` cookie value. */
  cookie?: string;
  headers?: Record<string, string>;
}

export interface ClientResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or null when it is empty or not JSON. */
  json: any;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { caller?: Caller; body?: unknown; form?: Record<string, string> } = {},
): Promise<ClientResponse> {
  const { caller = {} } = options;
  const headers: Record<string, string> = { ...caller.headers };
  if (caller.apiKey) headers['Api-Key'] = caller.apiKey;
  if (caller.apiUsername) headers['Api-Username'] = caller.apiUsername;
  if (caller.userApiKey) headers['User-Api-Key'] = caller.userApiKey;
  if (caller.cookie) headers.Cookie = `_t=${caller.cookie}`;

  let body: string | undefined;
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  const response = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A controllable clock for `SimulatorOptions.now`. */
export class TestClock {
  constructor(private time = Date.parse('2026-11-02T09:00:00.000Z')) {}

  readonly now = (): Date => new Date(this.time);

  advanceSeconds(seconds: number): void {
    this.time += seconds * 1000;
  }
}
