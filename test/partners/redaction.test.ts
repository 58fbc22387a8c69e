import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import axios from 'axios';
import pino from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ForumSessionClient } from '../../sidecar/src/identity/forum-session';
import { loggerOptions } from '../../sidecar/src/logger';

const COOKIE = 'cookie-value-0123456789';
const KEY = 'user-api-key-0123456789';

/** Creates a pino logger with the sidecar's options that keeps its output lines. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino(loggerOptions('debug'), stream), lines };
}

/** Starts a loopback server that responds to every request with `status` and a Set-Cookie header. */
async function forumAnswering(status: number): Promise<string> {
  const server: Server = createServer((request, response) => {
    response.setHeader('set-cookie', `_t=${COOKIE}-rotated; HttpOnly`);
    response.statusCode = status;
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('log redaction', () => {
  it('hides credentials in a logged AxiosError', async () => {
    const { logger, lines } = capturingLogger();
    const url = await forumAnswering(500);

    const error = await axios.get(url, { headers: { Cookie: `_t=${COOKIE}`, 'User-Api-Key': KEY } }).catch((failure: unknown) => failure);
    logger.error({ err: error }, 'request failed');
    logger.error({ error }, 'request failed');

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(COOKIE);
      expect(line).not.toContain(KEY);
    }
  });

  it('hides credentials in request headers', () => {
    const { logger, lines } = capturingLogger();

    logger.info({ req: { headers: { cookie: `_t=${COOKIE}`, 'user-api-key': KEY } } }, 'request');

    expect(lines[0]).not.toContain(COOKIE);
    expect(lines[0]).not.toContain(KEY);
  });

  it('keeps credentials out of session check logs', async () => {
    const { logger, lines } = capturingLogger();
    const client = new ForumSessionClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000, cookieName: '_t', logger });

    const browser = { ip: '203.0.113.1', userAgent: null };

    await expect(client.currentUser({ kind: 'cookie', token: COOKIE }, browser)).rejects.toThrow(/did not respond/);
    await expect(client.currentUser({ kind: 'user-api-key', key: KEY }, browser)).rejects.toThrow(/did not respond/);

    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).not.toContain(COOKIE);
      expect(line).not.toContain(KEY);
    }
  });
});

describe('session check request', () => {
  it('forwards cookie, client IP and User-Agent', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { logger } = capturingLogger();
    const client = new ForumSessionClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeoutMs: 2_000,
      cookieName: '_t',
      logger,
    });

    const user = await client.currentUser({ kind: 'cookie', token: COOKIE }, { ip: '203.0.113.7', userAgent: 'Firefox/140' });

    expect(user).toBeNull();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.cookie).toBe(`_t=${COOKIE}`);
    expect(seen[0]!['x-forwarded-for']).toBe('203.0.113.7');
    expect(seen[0]!['user-agent']).toBe('Firefox/140');
    expect(seen[0]!['api-key']).toBeUndefined();
    expect(seen[0]!['api-username']).toBeUndefined();
  });
});
