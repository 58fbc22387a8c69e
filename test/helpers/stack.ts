import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { ForumSimulator, type SimulatorOptions } from '../forum-simulator/server';
import { build, TEST_SECRET } from './build';

export interface Stack {
  sim: ForumSimulator;
  app: FastifyInstance;
  sidecarUrl: string;
  /** GETs a sidecar API path and returns status and parsed body. */
  get: (path: string) => Promise<{ status: number; body: any }>;
}

export interface StackOptions {
  simulator?: SimulatorOptions;
  env?: Record<string, string>;
  now?: () => Date;
  name?: string;
  /**
   * Serves the sidecar under the simulator's `/praxis/` path once it listens, as the forum's nginx
   * does in the same-origin deployment, and sets `PRAXIS_TRUST_PROXY=true` (unless `env` sets it)
   * so the sidecar reads the client address from the proxy's `X-Forwarded-For`.
   */
  sameOrigin?: boolean;
}

/**
 * Starts a forum simulator and a sidecar that listens on a real port, with the simulator's webhook
 * pointed at it: the whole path a delivery takes in production. Both stop after the test.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = new ForumSimulator({ adminApiRequestsPerMinute: 600, ...options.simulator });
  const forumUrl = await sim.start();
  onTestFinished(async () => {
    await sim.stop();
  });

  const app = await build({
    name: options.name ?? 'e2e',
    forumUrl,
    apiKey: sim.adminApiKey,
    env: { PRAXIS_WORKER_CONCURRENCY: '4', ...(options.sameOrigin ? { PRAXIS_TRUST_PROXY: 'true' } : {}), ...options.env },
    resolveDelayMs: 300,
    ...(options.now ? { now: options.now } : {}),
  });
  const sidecarUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  if (options.sameOrigin) sim.proxyPraxis(sidecarUrl);
  sim.addWebhook({ url: `${sidecarUrl}/webhooks/discourse`, secret: TEST_SECRET, events: 'all' });

  const get = async (path: string) => {
    const response = await fetch(sidecarUrl + path, { headers: { accept: 'application/json' } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return { sim, app, sidecarUrl, get };
}

/** Retries `check` until it stops throwing or `timeoutMs` passes, then throws its last error. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Waits until the simulator has sent every delivery and the sidecar's events queue is empty. */
export async function settle(stack: Stack): Promise<void> {
  await stack.sim.settleWebhooks();
  await eventually(async () => {
    const counts = await stack.app.praxis.eventsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    const pending = counts.waiting! + counts.active! + counts.delayed! + (counts.prioritized ?? 0);
    if (pending > 0) throw new Error(`${pending} event jobs still pending`);
  }, 30_000);
}
