import type { IncomingHttpHeaders } from 'node:http';
import type { AuthResult } from '../auth';
import type { Params } from './params';

/*
 * A small route table: Discourse paths with `:name` segments, matched with or without the
 * `.json` suffix, each tagged with its Rails controller action for API key scopes.
 */

export interface RequestContext {
  method: string;
  path: string;
  /** Query string, body and path segments merged; path segments win. */
  params: Params;
  headers: IncomingHttpHeaders;
  cookies: Record<string, string>;
  /** The client address as Rails' `request.ip` computes it (see `requestIp` in `pipeline.ts`). */
  clientIp: string;
  auth: AuthResult;
  /** `Set-Cookie` values to add to the response. */
  setCookies: string[];
}

export interface RouteResponse {
  status?: number;
  /** JSON body; `null` sends an empty body. */
  json?: unknown;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RequestContext) => RouteResponse | Promise<RouteResponse>;

export interface Route {
  method: string;
  action: string;
  pattern: RegExp;
  names: string[];
  /**
   * `json` routes serve an HTML placeholder for non-JSON GETs, as Discourse serves its app shell
   * there. `page` routes serve an HTML page and match only requests that do not ask for JSON, so
   * such a request falls through to a `json` route of the same path. `html` routes match every request.
   */
  format: RouteFormat;
  /** Skip the CSRF token check (the demo login form only). */
  csrfExempt: boolean;
  handler: RouteHandler;
}

export type RouteFormat = 'json' | 'html' | 'page';

export interface RouteOptions {
  format?: RouteFormat;
  csrfExempt?: boolean;
}

/** Path segments that only match digits, so `/t/123/posts` is never read as `/t/{slug}/{id}`. */
const NUMERIC_SEGMENTS = new Set(['id', 'topic_id', 'post_id', 'post_number', 'revision']);

export function defineRoute(method: string, path: string, action: string, handler: RouteHandler, options: RouteOptions = {}): Route {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const name = segment.slice(1);
      names.push(name);
      return NUMERIC_SEGMENTS.has(name) ? '(\\d+)' : '([^/]+?)';
    })
    .join('/');

  const format = options.format ?? 'json';
  const suffix = format === 'json' ? '(\\.json)?' : '';
  return {
    method,
    action,
    pattern: new RegExp(`^${source}${suffix}$`),
    names,
    format,
    csrfExempt: options.csrfExempt ?? false,
    handler,
  };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  jsonSuffix: boolean;
}

/** Finds the first route for the method and path. `page` routes are skipped for a request that wants JSON. */
export function matchRoute(routes: Route[], method: string, path: string, wantsJson: boolean): RouteMatch | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    if (route.format === 'page' && wantsJson) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;

    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1]!);
    });
    const jsonSuffix = route.format === 'json' && match[route.names.length + 1] === '.json';
    return { route, params, jsonSuffix };
  }
  return null;
}
