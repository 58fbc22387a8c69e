import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/*
 * The same-origin deployment of Praxis: the forum's nginx serves the sidecar under `/praxis/`, so
 * the browser sends the forum's `_t` cookie with every Praxis request. The nginx block this mirrors:
 *
 *   location /praxis/ {
 *     proxy_pass http://sidecar:4100/;           # the trailing slash strips /praxis
 *     proxy_set_header X-Forwarded-For $remote_addr;
 *     proxy_set_header X-Forwarded-Proto $scheme;
 *   }
 *
 * `$remote_addr` replaces any `X-Forwarded-For` the browser sent, so the sidecar (with
 * PRAXIS_TRUST_PROXY=true) gets the real client address and never one the browser forged.
 */

export const PRAXIS_PATH_PREFIX = '/praxis/';

/** Hop-by-hop headers (RFC 9110 section 7.6.1), which a proxy does not pass on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export function isPraxisPath(url: string | undefined): boolean {
  return (url ?? '').startsWith(PRAXIS_PATH_PREFIX);
}

/** Checks that the sidecar URL is an http loopback address and returns it without a trailing slash. */
export function praxisTarget(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Praxis URL ${JSON.stringify(url)} is not a URL; use the sidecar's base URL such as http://127.0.0.1:4100`);
  }
  if (parsed.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) {
    throw new Error(`Praxis URL ${url} is not an http loopback address; the simulator proxies only to 127.0.0.1, localhost or [::1]`);
  }
  return url.replace(/\/+$/, '');
}

/** Sends the request on to the sidecar with `/praxis` stripped and streams the response back. */
export function proxyToPraxis(
  target: string,
  request: IncomingMessage,
  response: ServerResponse,
  log: (message: string, fields?: Record<string, unknown>) => void,
): void {
  const path = (request.url ?? PRAXIS_PATH_PREFIX).slice(PRAXIS_PATH_PREFIX.length - 1);
  const clientIp = normalizeIp(request.socket.remoteAddress ?? '127.0.0.1');

  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'host' || name === 'x-forwarded-for') continue;
    headers[name] = value;
  }
  headers['x-forwarded-for'] = clientIp;
  headers['x-forwarded-proto'] = 'http';
  headers.host = new URL(target).host;

  const upstream = http.request(`${target}${path}`, { method: request.method, headers }, (answer) => {
    const relayed: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) relayed[name] = value;
    }
    response.writeHead(answer.statusCode ?? 502, relayed);
    answer.pipe(response);
  });

  upstream.on('error', (error: NodeJS.ErrnoException) => {
    log('praxis proxy failed', { path, code: error.code ?? error.message });
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('502 Bad Gateway: the Praxis sidecar did not answer\n');
  });

  request.pipe(upstream);
}

function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
