import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Duration } from 'luxon';
import pino from 'pino';
import { createKeys } from '../sidecar/src/redis/keys';
import { createWorkerConnection } from '../sidecar/src/redis/connections';
import { ReminderPlanner } from '../sidecar/src/reminders/planner';
import type { ReminderForum } from '../sidecar/src/reminders/post-reminder';
import { startReminderWorker } from '../sidecar/src/reminders/reminder-worker';
import { createRemindersQueue } from '../sidecar/src/reminders/reminders-queue';
import type { ReminderSubject } from '../sidecar/src/reminders/types';

/*
 * Reminder benchmark. It plans COUNT reminders with review times spread evenly over a window that
 * starts LEAD seconds from now, and measures the Redis memory they take while pending. Then one
 * reminder worker in this process fires them against a forum stand-in whose createPost only
 * records when it was called. Lateness is that call time minus the review time.
 * While reminders fire, the webhook ingest benchmark (bench/ingest.ts) runs beside it as a child
 * process, when it exists. Each fired reminder plans a follow-up three days later, as in production.
 *
 * Usage: npm run bench:reminders [-- --count 100000 --lead 90 --window 180 --concurrency 50 --ingest yes]
 * Needs Redis at REDIS_URL (default redis://127.0.0.1:6379); uses and then deletes its own key prefix.
 */

const args = new Map<string, string>();
for (let index = 2; index < process.argv.length; index += 2) args.set(process.argv[index]!.replace(/^--/, ''), process.argv[index + 1] ?? '');

const COUNT = boundedNumber('count', 100_000, 1, 1_000_000);
/** Seconds from the start until the first review time; planning and the memory count must finish before it. */
const LEAD_SECONDS = boundedNumber('lead', 90, 5, 600);
/** Seconds over which the review times are spread. */
const WINDOW_SECONDS = boundedNumber('window', 180, 1, 1_800);
const CONCURRENCY = boundedNumber('concurrency', 50, 1, 500);
/** plan() calls in flight while scheduling. */
const PLAN_PARALLEL = 200;
/** Seconds to wait for stragglers after the window closes before reporting them as missing. */
const GRACE_SECONDS = 60;
/** Seconds before the first review time at which the ingest benchmark is started. */
const INGEST_START_SECONDS = 5;
const RUN_INGEST = (args.get('ingest') ?? 'yes') !== 'no';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `praxis-bench-reminders-${randomBytes(3).toString('hex')}`;
const INGEST_SCRIPT = fileURLToPath(new URL('./ingest.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));

function boundedNumber(name: string, fallback: number, min: number, max: number): number {
  const value = Number(args.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} ${args.get(name)} is invalid; expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
}

/** Sums MEMORY USAGE over every key under the prefix, by key kind. */
async function memoryByKind(redis: Redis): Promise<Map<string, { keys: number; bytes: number }>> {
  const kinds = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 2_000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const results = (await pipeline.exec()) ?? [];
    keys.forEach((key, index) => {
      const kind = keyKind(key);
      const entry = kinds.get(kind) ?? { keys: 0, bytes: 0 };
      entry.keys += 1;
      entry.bytes += Number(results[index]?.[1] ?? 0);
      kinds.set(kind, entry);
    });
  } while (cursor !== '0');
  return kinds;
}

function keyKind(key: string): string {
  const rest = key.slice(PREFIX.length + 1);
  if (rest.startsWith('reminder:')) return 'plan hash';
  if (/^\{bull\}:reminders:rem-/.test(rest)) return 'job hash';
  return rest.replace(/^\{bull\}:reminders:/, 'queue ');
}

async function deleteKeys(redis: Redis): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 2_000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Starts the ingest benchmark in its own process group, so it and its servers can be stopped together. */
function startIngest(seconds: number): { child: ChildProcess; output: string[]; done: Promise<number | null> } {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', TSX, INGEST_SCRIPT, '--seconds', String(seconds)], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, done };
}

function machine(): string {
  const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  const bullmq = JSON.parse(readFileSync(new URL('../node_modules/bullmq/package.json', import.meta.url), 'utf8')) as { version: string };
  return `${os.availableParallelism()} CPUs (${cpuModel}), ${memory} RAM; Node ${process.version}; BullMQ ${bullmq.version}`;
}

async function main(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const workerRedis = createWorkerConnection(REDIS_URL);
  const keys = createKeys(PREFIX);
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const queue = createRemindersQueue(redis, keys.bullPrefix);
  const planner = new ReminderPlanner({ queue, redis, keys, logger });

  const redisVersion = /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1];
  console.log(`machine: ${machine()}; Redis ${redisVersion}`);
  console.log(`${COUNT} reminders, review times over ${WINDOW_SECONDS} s starting in ${LEAD_SECONDS} s; worker concurrency ${CONCURRENCY}; prefix ${PREFIX}\n`);

  const subjects = new Map<number, ReminderSubject>();
  const reviewMs = new Map<number, number>();
  const lateness: number[] = [];
  const postsByTopic = new Map<number, number>();
  const forum: ReminderForum = {
    createPost: async (topicId) => {
      const now = Date.now();
      lateness.push(now - reviewMs.get(topicId)!);
      postsByTopic.set(topicId, (postsByTopic.get(topicId) ?? 0) + 1);
      return { status: 'created', post: { id: topicId, topic_id: topicId, post_number: 2, username: 'system' } };
    },
    findPostWithMarker: async () => null,
  };

  let ingest: ReturnType<typeof startIngest> | null = null;
  const worker = { current: null as ReturnType<typeof startReminderWorker> | null };

  try {
    const memoryBefore = await usedMemory(redis);
    const firstReview = Date.now() + LEAD_SECONDS * 1_000;
    for (let index = 0; index < COUNT; index++) {
      const topicId = 1_000_000 + index;
      const at = firstReview + Math.floor((index * WINDOW_SECONDS * 1_000) / COUNT);
      reviewMs.set(topicId, at);
      subjects.set(topicId, {
        topicId,
        title: `Ten-minute stand-up trial ${topicId}`,
        archived: false,
        concluded: false,
        reviewAt: new Date(at).toISOString(),
        reviewOn: null,
        timezone: 'Europe/Berlin',
        owner: { username: `owner${index}` },
        partners: [{ username: `partner${index}a` }, { username: `partner${index}b` }],
        reflectedUsernames: [],
      });
    }

    // Plan with PLAN_PARALLEL calls in flight, as many webhook workers would.
    const planStarted = Date.now();
    const pending = [...subjects.values()];
    await Promise.all(
      Array.from({ length: PLAN_PARALLEL }, async () => {
        for (let subject = pending.pop(); subject; subject = pending.pop()) await planner.plan(subject);
      }),
    );
    const planSeconds = (Date.now() - planStarted) / 1_000;
    console.log(`planning: ${COUNT} plan() calls in ${planSeconds.toFixed(1)} s (${(COUNT / planSeconds).toFixed(0)} per second)`);

    const memoryAfter = await usedMemory(redis);
    const delayed = await queue.getDelayedCount();
    const kinds = await memoryByKind(redis);
    const keyBytes = [...kinds.values()].reduce((sum, kind) => sum + kind.bytes, 0);
    console.log(`pending: ${delayed} delayed jobs`);
    console.log(`memory: used_memory grew ${((memoryAfter - memoryBefore) / COUNT).toFixed(0)} B per pending reminder (shared Redis, other clients included)`);
    console.log(`memory: MEMORY USAGE of this prefix's keys is ${(keyBytes / COUNT).toFixed(0)} B per pending reminder (target: under 2048 B)`);
    for (const [kind, entry] of [...kinds].sort((a, b) => b[1].bytes - a[1].bytes)) {
      console.log(`  ${kind.padEnd(22)} ${String(entry.keys).padStart(7)} keys  ${(entry.bytes / COUNT).toFixed(0).padStart(5)} B per reminder`);
    }

    worker.current = startReminderWorker({
      connection: workerRedis,
      bullPrefix: keys.bullPrefix,
      forum,
      loadSubject: async (topicId) => subjects.get(topicId) ?? null,
      keys,
      redis,
      logger,
      followUpAfter: Duration.fromISO('P3D'),
      maxFollowUps: 1,
      apiUsername: 'system',
      concurrency: CONCURRENCY,
    });

    if (Date.now() > firstReview) console.log(`WARNING: the worker started after the first review time; raise --lead`);

    if (RUN_INGEST && existsSync(INGEST_SCRIPT)) {
      // The ingest benchmark takes a few seconds to start its servers and 2 s to warm up, then makes
      // four measured runs of `seconds` each: started now, those runs cover the window.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstReview - INGEST_START_SECONDS * 1_000 - Date.now())));
      const seconds = Math.max(2, Math.round(WINDOW_SECONDS / 4));
      ingest = startIngest(seconds);
      console.log(`\ningest: bench/ingest.ts --seconds ${seconds} runs beside the reminders (pid ${ingest.child.pid})`);
    } else {
      console.log(`\ningest: ${RUN_INGEST ? 'bench/ingest.ts does not exist' : 'turned off with --ingest no'}; reminders fire alone`);
    }

    const deadline = firstReview + (WINDOW_SECONDS + GRACE_SECONDS) * 1_000;
    while (postsByTopic.size < COUNT && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    await worker.current.close();

    const sorted = [...lateness].sort((a, b) => a - b);
    const duplicates = [...postsByTopic.values()].filter((count) => count > 1).length;
    console.log(`\nfired: ${postsByTopic.size} of ${COUNT}; ${COUNT - postsByTopic.size} missing; ${duplicates} posted twice`);
    console.log(
      `lateness: p50 ${percentile(sorted, 50)} ms  p99 ${percentile(sorted, 99)} ms  max ${sorted.at(-1)} ms  min ${sorted[0]} ms (target: p99 under 1000 ms)`,
    );

    const followUps = await queue.getDelayedCount();
    const kindsAfter = await memoryByKind(redis);
    const bytesAfter = [...kindsAfter.values()].reduce((sum, kind) => sum + kind.bytes, 0);
    console.log(`after firing: ${followUps} follow-ups pending, MEMORY USAGE ${(bytesAfter / COUNT).toFixed(0)} B per reminder`);

    if (ingest) {
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 180_000));
      const code = await Promise.race([ingest.done, timeout]);
      if (code === 'timeout') {
        console.log('ingest: still running 180 s after the reminders; stopped');
        process.kill(-ingest.child.pid!, 'SIGTERM');
      }
      console.log(`\ningest output (exit ${code}):\n${ingest.output.join('').trimEnd()}`);
    }
  } finally {
    if (ingest && ingest.child.exitCode === null) process.kill(-ingest.child.pid!, 'SIGTERM');
    await worker.current?.close();
    await queue.close();
    await deleteKeys(redis);
    redis.disconnect();
    workerRedis.disconnect();
  }
}

await main();
