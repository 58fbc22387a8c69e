/*
 * A small HTTP server on 127.0.0.1 for browser tests: it serves registered pages, the committed
 * widget bundle and a login placeholder, and forwards `/praxis/...` to a `FakeSidecar`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUNDLE_PATH } from '../../theme-component/src/build/build-bundle';
import { USER_COOKIE, type FakeSidecar } from './fake-sidecar';

export const BUNDLE_URL = '/assets/praxis-widgets.js';
export const SIDECAR_BASE = '/praxis';

export interface RegisteredPage {
  html: string;
  /** The signed-in user the fake sidecar reads from this page's cookie, or null for a signed-out reader. */
  username: string | null;
}

export interface PageServer {
  origin: string;
  setPage(path: string, page: RegisteredPage): void;
  close(): Promise<void>;
}

export async function startPageServer(sidecar: FakeSidecar): Promise<PageServer> {
  const pages = new Map<string, RegisteredPage>();

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`page server failed: ${String(error)}`);
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');

    if (url.pathname.startsWith(`${SIDECAR_BASE}/`)) {
      await sidecar.handle(request, response, url.pathname.slice(SIDECAR_BASE.length) + url.search);
      return;
    }
    if (url.pathname === BUNDLE_URL) {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(await readFile(BUNDLE_PATH));
      return;
    }
    if (url.pathname === '/login') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>Log In</title><h1>Log In</h1>');
      return;
    }
    const page = pages.get(url.pathname);
    if (!page) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no test page at ${url.pathname}`);
      return;
    }
    const cookie = page.username
      ? `${USER_COOKIE}=${encodeURIComponent(page.username)}; Path=/; SameSite=Lax`
      : `${USER_COOKIE}=; Path=/; Max-Age=0`;
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Set-Cookie': cookie }).end(page.html);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    setPage: (path, page) => pages.set(path, page),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
