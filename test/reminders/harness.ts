import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Duration } from 'luxon';
import pino, { type Logger } from 'pino';
import { ForumClient } from '../../sidecar/src/forum/client';
import { RateLimiter } from '../../sidecar/src/forum/rate-limiter';
import { createWorkerConnection } from '../../sidecar/src/redis/connections';
import { createKeys, type Keys } from '../../sidecar/src/redis/keys';
import { ReminderPlanStore } from '../../sidecar/src/reminders/plan-store';
import { ReminderPlanner } from '../../sidecar/src/reminders/planner';
import type { ReminderForum } from '../../sidecar/src/reminders/post-reminder';
import { startReminderWorker } from '../../sidecar/src/reminders/reminder-worker';
import { createRemindersQueue, type RemindersQueue } from '../../sidecar/src/reminders/reminders-queue';
import type { ReminderSubject } from '../../sidecar/src/reminders/types';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { FakeDiscourse } from './fake-discourse';

export const API_USERNAME = 'system';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface WorkerSettings {
  followUpAfterMs?: number;
  maxFollowUps?: number;
  /** The forum client's wait budget for 429s before it throws ForumRateLimitedError. */
  maxRateLimitWaitMs?: number;
  /** Replaces the HTTP forum client, e.g. to count calls. */
  forum?: ReminderForum;
}

/**
 * One test's world: a key prefix of its own, a fake Discourse on loopback, the planner, the
 * subjects `loadSubject` serves, and the captured log lines.
 */
export class Harness {
  readonly prefix: string;
  readonly keys: Keys;
  readonly redis: Redis;
  readonly workerRedis: Redis;
  readonly forum = new FakeDiscourse();
  readonly queue: RemindersQueue;
  readonly planner: ReminderPlanner;
  readonly store: ReminderPlanStore;
  readonly subjects = new Map<number, ReminderSubject>();
  readonly logs: LogLine[] = [];
  readonly logger: Logger;
  private workers: Worker[] = [];

  constructor(name: string) {
    this.prefix = uniquePrefix(name);
    this.keys = createKeys(this.prefix);
    this.redis = new Redis(TEST_REDIS_URL);
    this.workerRedis = createWorkerConnection(TEST_REDIS_URL);
    this.logger = pino({ level: 'debug' }, { write: (line: string) => void this.logs.push(JSON.parse(line) as LogLine) });
    this.queue = createRemindersQueue(this.redis, this.keys.bullPrefix);
    this.planner = new ReminderPlanner({ queue: this.queue, redis: this.redis, keys: this.keys, logger: this.logger });
    this.store = new ReminderPlanStore(this.redis, this.keys);
  }

  async start(): Promise<this> {
    await this.forum.start();
    for (const name of ['alice', 'bob', 'carol', 'dave']) this.forum.addUser(name);
    return this;
  }

  forumClient(maxRateLimitWaitMs = 120_000): ForumClient {
    return new ForumClient({
      baseUrl: this.forum.baseUrl,
      apiKey: this.forum.apiKey,
      apiUsername: API_USERNAME,
      timeoutMs: 5_000,
      rateLimiter: new RateLimiter(this.redis, this.keys.forumRequestLog, 10_000),
      logger: this.logger,
      backoffBaseMs: 50,
      maxRateLimitWaitMs,
    });
  }

  startWorker(settings: WorkerSettings = {}): Worker {
    const worker = startReminderWorker({
      connection: this.workerRedis,
      bullPrefix: this.keys.bullPrefix,
      forum: settings.forum ?? this.forumClient(settings.maxRateLimitWaitMs),
      loadSubject: async (topicId) => this.subjects.get(topicId) ?? null,
      keys: this.keys,
      redis: this.redis,
      logger: this.logger,
      followUpAfter: Duration.fromMillis(settings.followUpAfterMs ?? 3 * 24 * 3_600_000),
      maxFollowUps: settings.maxFollowUps ?? 2,
      apiUsername: API_USERNAME,
    });
    this.workers.push(worker);
    return worker;
  }

  /** Creates the experiment topic on the fake forum and the subject `loadSubject` returns for it. */
  addExperiment(topicId: number, changes: Partial<ReminderSubject> = {}): ReminderSubject {
    this.forum.createTopic(topicId, `Experiment ${topicId}`, 'alice');
    const subject: ReminderSubject = {
      topicId,
      title: `Experiment ${topicId}`,
      archived: false,
      concluded: false,
      reviewAt: null,
      reviewOn: null,
      timezone: 'Europe/Berlin',
      owner: { username: 'alice' },
      partners: [{ username: 'bob' }, { username: 'carol' }],
      reflectedUsernames: [],
      ...changes,
    };
    this.subjects.set(topicId, subject);
    return subject;
  }

  /** Changes the subject `loadSubject` returns, as the records would change after replies. */
  update(topicId: number, changes: Partial<ReminderSubject>): ReminderSubject {
    const subject = { ...this.subjects.get(topicId)!, ...changes };
    this.subjects.set(topicId, subject);
    return subject;
  }

  reminders(topicId: number) {
    return this.forum.postsBy(topicId, API_USERNAME);
  }

  logsAt(level: 'warn' | 'error'): LogLine[] {
    const value = level === 'warn' ? 40 : 50;
    return this.logs.filter((line) => line.level === value);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await this.queue.close();
    await this.forum.stop();
    this.redis.disconnect();
    this.workerRedis.disconnect();
    await deleteKeysWithPrefix(this.prefix);
  }
}

/** Returns the ISO time `ms` milliseconds from now, with the UTC offset written out. */
export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString().replace('Z', '+00:00');
}

/** Polls `check` every 25 ms until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(25);
  }
  return check();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
