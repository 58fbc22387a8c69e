import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { onTestFinished } from 'vitest';
import { createReconciler } from '../../sidecar/src/reconcile/scheduler';
import type { Reconciler } from '../../sidecar/src/reconcile/reconciler';
import { ForumSimulator, type SimulatorOptions } from '../forum-simulator/server';
import { build, TEST_SECRET } from '../helpers/build';
import { eventually } from '../helpers/stack';

export { DECISION_RAW, EXPERIMENT_RAW, PRACTICE_RAW, REFLECTION_RAW, seedThreads, type SeededThreads } from './seed-threads';

/** Creates a pino logger that keeps its lines in `lines`, for checks on what was logged. */
export function captureLogger(level = 'info'): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

export async function startForum(options: SimulatorOptions = {}): Promise<ForumSimulator> {
  const sim = new ForumSimulator({ adminApiRequestsPerMinute: 6_000, ...options });
  await sim.start();
  onTestFinished(async () => {
    await sim.stop();
  });
  return sim;
}

export interface Sidecar {
  app: FastifyInstance;
  /** The simulator's webhook that delivers to this sidecar, or null when it gets none. */
  webhookId: number | null;
}

/**
 * Starts a sidecar under its own key prefix against `sim`. With `webhooks` it listens on a port
 * and the simulator delivers every event to it. Scheduled reconciliation is pushed an hour out,
 * so that only the runs a test starts itself happen.
 */
export async function startSidecar(
  sim: ForumSimulator,
  options: { name: string; webhooks?: boolean; env?: Record<string, string> },
): Promise<Sidecar> {
  const app = await build({
    name: options.name,
    forumUrl: sim.baseUrl,
    apiKey: sim.adminApiKey,
    env: { DISCOURSE_API_REQUESTS_PER_MINUTE: '6000', PRAXIS_RECONCILE_EVERY: 'PT1H', ...options.env },
    resolveDelayMs: 300,
  });
  if (!options.webhooks) return { app, webhookId: null };

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const webhook = sim.addWebhook({ url: `${url}/webhooks/discourse`, secret: TEST_SECRET, events: 'all' });
  return { app, webhookId: webhook.id };
}

/** Builds a Reconciler on the sidecar's parts, as the scheduled job does, logging into `logger`. */
export function reconcilerFor(app: FastifyInstance, logger: Logger, now?: () => Date): Reconciler {
  const { config, keys, redis, threads, sync } = app.praxis;
  return createReconciler({ config, keys, redis, threads, sync, logger, now });
}

/** Waits until the simulator has sent every delivery and each sidecar's events queue is empty. */
export async function settle(sim: ForumSimulator, ...apps: FastifyInstance[]): Promise<void> {
  await sim.settleWebhooks();
  for (const app of apps) {
    await eventually(async () => {
      const counts = await app.praxis.eventsQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const pending = counts.waiting! + counts.active! + counts.delayed! + (counts.prioritized ?? 0);
      if (pending > 0) throw new Error(`${pending} event jobs still pending`);
    }, 30_000);
  }
}

/**
 * Reads every record and changelog a sidecar holds, without `updatedAt` (the time of the last
 * change), and each experiment's reminder plan: the review moment, the next stage and its time.
 */
export async function recordsOf(app: FastifyInstance) {
  const { records, redis, keys } = app.praxis;
  const experiments = (await records.listExperiments()).map(({ updatedAt: _updatedAt, ...rest }) => rest);
  const practices = (await records.listPractices()).map(({ updatedAt: _updatedAt, ...rest }) => rest);
  const changelogs = Object.fromEntries(await Promise.all(practices.map(async (practice) => [practice.topicId, await records.getChangelog(practice.topicId)] as const)));
  const reminders = Object.fromEntries(
    await Promise.all(experiments.map(async (experiment) => [experiment.topicId, await redis.hmget(keys.reminder(experiment.topicId), 'review', 'n', 'at')] as const)),
  );
  return { experiments, practices, changelogs, reminders };
}
