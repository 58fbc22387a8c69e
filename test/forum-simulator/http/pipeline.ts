import type { IncomingMessage, ServerResponse } from 'node:http';
import { expiredTokenCookie, type Authenticator } from '../auth';
import { badCsrf, HttpError, notFound, toHttpError } from './errors';
import { parseNestedPairs, parseQueryString, type Params } from './params';
import { matchRoute, type RequestContext, type Route, type RouteResponse } from './router';

/*
 * One request: body, route, current user, CSRF check, handler, response. Errors become
 * Discourse's error responses.
 */

/** Largest request body accepted, in bytes (nginx's `client_max_body_size` in Discourse's template is 10 MB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface PipelineDeps {
  routes: Route[];
  authenticator: Authenticator;
  /** CSRF tokens handed to anonymous visitors by `GET /session/csrf.json`. */
  anonymousCsrfTokens: Set<string>;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

export async function handleRequest(deps: PipelineDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let context: RequestContext | null = null;

  try {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const method = (request.method ?? 'GET').toUpperCase();
    const body = await readBody(request);
    const wantsJson = url.pathname.endsWith('.json') || acceptsJson(request) || method !== 'GET';

    const match = matchRoute(deps.routes, method, url.pathname, wantsJson);
    if (!match) {
      if (wantsJson) throw notFound();
      return send(response, { status: 404, html: htmlPage('Not found', 'The simulator has no page at this address.') }, []);
    }

    const { route } = match;
    if (route.format === 'json' && method === 'GET' && !wantsJson && !match.jsonSuffix) {
      return send(response, { status: 200, html: appShell(url.pathname) }, []);
    }

    const params: Params = { ...parseQueryString(url.search), ...parseBody(request, body), ...match.params };
    const cookies = parseCookies(request.headers.cookie);
    const clientIp = requestIp(request);

    const auth = deps.authenticator.authenticate({ method, action: route.action, headers: request.headers, cookies, clientIp });
    context = { method, path: url.pathname, params, headers: request.headers, cookies, clientIp, auth, setCookies: [] };
    if (auth.clearCookie) context.setCookies.push(expiredTokenCookie());

    if (method !== 'GET' && method !== 'HEAD' && !route.csrfExempt) verifyCsrf(deps, context);

    const result = await route.handler(context);
    send(response, result, context.setCookies);
  } catch (error) {
    let httpError: HttpError;
    try {
      httpError = toHttpError(error);
    } catch {
      deps.log('request failed', { method: request.method, url: request.url, error: error instanceof Error ? error.stack : String(error) });
      httpError = new HttpError(500, { status: 500, error: 'Internal Server Error' });
    }
    send(response, { status: httpError.status, json: httpError.json, headers: httpError.headers, text: httpError.text ?? undefined }, context?.setCookies ?? []);
  }
}

/** API requests skip the check; everyone else sends `X-CSRF-Token` from `GET /session/csrf.json`. */
function verifyCsrf(deps: PipelineDeps, context: RequestContext): void {
  const { via, session } = context.auth;
  if (via === 'api' || via === 'user_api') return;

  const token = headerValue(context.headers['x-csrf-token']);
  const valid = !!token && (session ? token === session.csrfToken : deps.anonymousCsrfTokens.has(token));
  if (!valid) throw badCsrf();
}

function send(response: ServerResponse, result: RouteResponse, setCookies: string[]): void {
  const headers: Record<string, string | string[]> = { ...(result.headers ?? {}) };
  const cookies = [...setCookies, ...(headers['Set-Cookie'] ? [headers['Set-Cookie'] as string] : [])];
  delete headers['Set-Cookie'];
  if (cookies.length > 0) headers['Set-Cookie'] = cookies;

  let body = '';
  if (result.text !== undefined) {
    body = result.text;
    headers['Content-Type'] ??= 'text/plain; charset=utf-8';
  } else if (result.html !== undefined) {
    body = result.html;
    headers['Content-Type'] = 'text/html; charset=utf-8';
  } else if (result.json !== undefined && result.json !== null) {
    body = JSON.stringify(result.json);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }

  headers['Content-Length'] = String(Buffer.byteLength(body));
  response.writeHead(result.status ?? 200, headers);
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { errors: [`request body is larger than ${MAX_BODY_BYTES} bytes`] }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** JSON and form bodies as Rails reads them; a JSON body that is not an object lands under `_json`. */
function parseBody(request: IncomingMessage, body: Buffer): Params {
  if (body.length === 0) return {};
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

  if (contentType === 'application/json' || contentType.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, { status: 400, error: 'Bad Request' });
    }
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Params) : { _json: parsed };
  }

  if (contentType === 'application/x-www-form-urlencoded') {
    return parseNestedPairs(new URLSearchParams(body.toString('utf8')).entries());
  }

  return {};
}

function acceptsJson(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Returns the client address as Rails' `request.ip` computes it. When the peer is a trusted proxy
 * (loopback or private), `X-Forwarded-For` is read from the right, skipping trusted addresses.
 */
export function requestIp(request: IncomingMessage): string {
  const peer = normalizeIp(request.socket.remoteAddress ?? '127.0.0.1');
  const forwarded = headerValue(request.headers['x-forwarded-for']);
  if (!forwarded || !isTrustedProxy(peer)) return peer;

  const chain = [...forwarded.split(',').map((ip) => normalizeIp(ip.trim())).filter(Boolean), peer];
  for (let index = chain.length - 1; index >= 0; index--) {
    if (!isTrustedProxy(chain[index]!)) return chain[index]!;
  }
  return chain[0]!;
}

function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function isTrustedProxy(ip: string): boolean {
  if (ip === '::1' || /^127\./.test(ip) || /^10\./.test(ip) || /^192\.168\./.test(ip)) return true;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(ip)) return true;
  return /^f[cd][0-9a-f]{2}:/i.test(ip);
}

function htmlPage(title: string, message: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${message}</p></body></html>\n`;
}

/** Discourse serves its Ember app for non-JSON GETs; the simulator has only this placeholder. */
function appShell(path: string): string {
  return htmlPage(
    'Forum simulator',
    `This is a Discourse simulator for tests. Request <code>${path.replace(/[<>&"]/g, '')}.json</code> for data, or sign in at <a href="/login">/login</a>.`,
  );
}
