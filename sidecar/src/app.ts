import cors from '@fastify/cors';
import type { Worker } from 'bullmq';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { changelogFeedRoutes } from './api/changelog-feed';
import { etagPlugin } from './api/etag';
import { experimentRoutes } from './api/experiments';
import { healthRoutes } from './api/health';
import { partnerRoutes } from './api/partners';
import { practiceRoutes } from './api/practices';
import { Visibility } from './api/visibility';
import type { Config } from './config';
import { errorHandler } from './error-handler';
import { createFollowThrough, type FollowThrough } from './follow-through';
import { ForumClient } from './forum/client';
import { RateLimiter } from './forum/rate-limiter';
import { createIdentity } from './identity/setup';
import { loggerOptions } from './logger';
import { PartnerChangeLimit } from './partners/change-limit';
import { PartnerStore } from './partners/partner-store';
import { RecordStore } from './records/store';
import { createRequestConnection, createWorkerConnection } from './redis/connections';
import { createKeys, type Keys } from './redis/keys';
import { startReconciliation } from './reconcile/scheduler';
import { CategoryRestrictions } from './threads/categories';
import { startEventsWorker } from './threads/events-worker';
import { ReplyStateStore } from './threads/reply-state';
import { ThreadStateStore } from './threads/thread-state';
import { ThreadSync } from './threads/thread-sync';
import { createEventsQueue, type EventJobData, type EventsQueue } from './webhooks/events-queue';
import { webhookReceiver } from './webhooks/receiver';

/** Everything the routes and workers share, exposed as `app.praxis` for tests and scripts. */
export interface Praxis {
  config: Config;
  keys: Keys;
  redis: Redis;
  /** The queues' connection. */
  queueRedis: Redis;
  records: RecordStore;
  threads: ThreadStateStore;
  categories: CategoryRestrictions;
  forum: ForumClient;
  sync: ThreadSync;
  eventsQueue: EventsQueue;
  worker: Worker<EventJobData> | null;
  followThrough: FollowThrough;
}

declare module 'fastify' {
  interface FastifyInstance {
    praxis: Praxis;
  }
}

export interface BuildOptions {
  /** Fastify's logger setting; defaults to pino with the configured level and redaction. */
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** How long a first post waits for its topic's webhook before the topic is fetched. */
  resolveDelayMs?: number;
}

/** Builds the sidecar: Redis connections, queue, worker (by role), and the HTTP routes (by role). */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.LOG_LEVEL),
    trustProxy: config.PRAXIS_TRUST_PROXY,
    bodyLimit: config.PRAXIS_WEBHOOK_BODY_LIMIT,
  });
  const logger = app.log as unknown as Logger;
  const now = options.now ?? (() => new Date());
  const roles = new Set(config.PRAXIS_ROLES);

  const keys = createKeys(config.PRAXIS_KEY_PREFIX);
  const redis = createRequestConnection(config.REDIS_URL);
  // BullMQ defines its Lua scripts on the connection it is given, and ioredis copies every defined
  // script into each pipeline or MULTI. Queues get a connection of their own so that the record
  // store's transactions stay cheap.
  const queueRedis = createRequestConnection(config.REDIS_URL);
  // BullMQ's workers block on Redis, so they get a connection of their own.
  const workerRedis = roles.has('worker') ? createWorkerConnection(config.REDIS_URL) : null;
  await Promise.all([waitUntilReady(redis, config.REDIS_URL), waitUntilReady(queueRedis, config.REDIS_URL)]);

  const records = new RecordStore(redis, keys);
  const threads = new ThreadStateStore(redis, keys);
  const replies = new ReplyStateStore(redis, keys);
  const forum = new ForumClient({
    baseUrl: config.DISCOURSE_URL,
    apiKey: config.DISCOURSE_API_KEY,
    apiUsername: config.DISCOURSE_API_USERNAME,
    timeoutMs: config.DISCOURSE_API_TIMEOUT_MS,
    rateLimiter: new RateLimiter(redis, keys.forumRequestLog, config.DISCOURSE_API_REQUESTS_PER_MINUTE),
    logger: logger.child({ component: 'forum-client' }),
  });
  const categories = new CategoryRestrictions(redis, keys, forum, logger.child({ component: 'categories' }));
  const eventsQueue = createEventsQueue(queueRedis, keys.bullPrefix);
  const followThrough = createFollowThrough({ config, redis, queueRedis, workerRedis, keys, records, forum, logger, now });

  const sync = new ThreadSync({
    redis,
    keys,
    threads,
    replies,
    records,
    forum,
    categories,
    logger: logger.child({ component: 'thread-sync' }),
    apiUsername: config.DISCOURSE_API_USERNAME,
    forumUrl: config.DISCOURSE_URL,
    experimentTag: config.PRAXIS_EXPERIMENT_TAG,
    practiceTag: config.PRAXIS_PRACTICE_TAG,
    defaultTimezone: config.PRAXIS_DEFAULT_TIMEZONE,
    now,
    resolveDelayMs: options.resolveDelayMs,
    onExperimentSaved: followThrough.onExperimentSaved,
    scheduleResolve: async (topicId, delayMs) => {
      await eventsQueue.add(
        'resolve-topic',
        { kind: 'resolve-topic', topicId },
        { jobId: `resolve-topic-${topicId}`, delay: delayMs, removeOnComplete: true },
      );
    },
    scheduleRebuildPractice: async (practiceTopicId) => {
      // No fixed job id: a rebuild already running may have read the experiments before this change.
      await eventsQueue.add('rebuild-practice', { kind: 'rebuild-practice', topicId: practiceTopicId }, { removeOnComplete: true });
    },
  });

  const worker = workerRedis
    ? startEventsWorker({
        connection: workerRedis,
        bullPrefix: keys.bullPrefix,
        concurrency: config.PRAXIS_WORKER_CONCURRENCY,
        sync,
        categories,
        redis,
        keys,
        logger: logger.child({ component: 'events-worker' }),
      })
    : null;

  app.decorate('praxis', { config, keys, redis, queueRedis, records, threads, categories, forum, sync, eventsQueue, worker, followThrough });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `route ${request.method} ${request.url.split('?')[0]} not found`, code: 'PRAXIS_NOT_FOUND' });
  });

  app.addHook('onClose', async () => {
    await worker?.close();
    await followThrough.close();
    await eventsQueue.close();
    await Promise.allSettled([redis.quit(), queueRedis.quit(), workerRedis?.quit()]);
  });

  // Reconciliation re-reads topics whose webhooks were missed; it runs where the workers run.
  // Its onClose hook is added after the one above, so it runs first (Fastify runs them last in, first out).
  const reconciliation = roles.has('worker')
    ? await startReconciliation({ config, keys, redis, queueRedis, threads, sync, logger: logger.child({ component: 'reconcile' }), now })
    : null;
  app.addHook('onClose', async () => {
    await reconciliation?.close();
  });

  await app.register(healthRoutes, {
    redis,
    workerRunning: () => !worker || (worker.isRunning() && followThrough.workers.every((running) => running.isRunning())),
  });

  if (roles.has('api')) {
    await app.register(cors, {
      // The theme component calls from the forum's pages, and only from there.
      origin: [new URL(config.DISCOURSE_URL).origin],
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Content-Type', 'User-Api-Key', 'If-None-Match'],
      exposedHeaders: ['Retry-After', 'ETag'],
      credentials: true,
    });
    await app.register(etagPlugin);
    await app.register(webhookReceiver, {
      secrets: [config.DISCOURSE_WEBHOOK_SECRET, config.DISCOURSE_WEBHOOK_PREVIOUS_SECRET].filter(
        (secret): secret is string => Boolean(secret),
      ),
      bodyLimit: config.PRAXIS_WEBHOOK_BODY_LIMIT,
      eventsQueue,
    });

    const identity = createIdentity(config, redis, keys, logger.child({ component: 'identity' }));
    const identify = (request: FastifyRequest) => identity.resolver.resolve(request);
    const visibility = new Visibility(categories, identity.topicAccess);
    await app.register(experimentRoutes, { records, visibility, forumUrl: config.DISCOURSE_URL, now, identify });
    await app.register(practiceRoutes, { records, visibility, forumUrl: config.DISCOURSE_URL, identify });
    await app.register(changelogFeedRoutes, { records, visibility, forumUrl: config.DISCOURSE_URL, identify });
    await app.register(partnerRoutes, {
      records,
      partners: new PartnerStore(redis, keys),
      visibility,
      identity: identity.resolver,
      changeLimit: new PartnerChangeLimit(redis, keys, config.PRAXIS_PARTNER_CHANGES_PER_MINUTE),
      forumUrl: config.DISCOURSE_URL,
      cookieName: config.DISCOURSE_SESSION_COOKIE,
      now,
    });
  }

  return app;
}

/** Waits for the first connection, so a wrong REDIS_URL fails at start-up with a clear message. */
async function waitUntilReady(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      redis.disconnect();
      reject(new Error(`Redis at ${redactUrl(url)} did not respond within ${timeoutMs} ms; check REDIS_URL and that Redis is running`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/** Hides a password in a Redis URL before it is shown. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//[redacted]@');
}
