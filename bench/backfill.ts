import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import { buildApp } from '../sidecar/src/app';
import { loadConfig } from '../sidecar/src/config';
import { createBackfill } from '../sidecar/src/reconcile/backfill-setup';
import { ForumSimulator } from '../test/forum-simulator/server';
import { deleteKeysWithPrefix } from '../test/helpers/redis';
import { seedThreads } from '../test/reconcile/seed-threads';

/*
 * Backfill benchmark. It seeds THREADS tagged threads in the forum simulator (one practice in six,
 * every fifth experiment with a reflection reply), whose admin API limit is RATE requests a
 * minute, and imports them with the backfill under DISCOURSE_API_REQUESTS_PER_MINUTE = RATE. It
 * reports the share of the allowed request budget used (requests / (RATE × minutes elapsed)),
 * requests per thread, and the 429s the simulator sent.
 *
 * Discourse's default is 60 requests a minute; RATE scales that up so 1,000 threads take minutes,
 * not hours. A run longer than a minute fills the simulator's 60 s window, which is where a
 * limiter too close to the edge would draw 429s.
 *
 * Usage: npm run bench:backfill [-- --threads 1000 --rate 600 --concurrency 4]
 * Needs Redis at REDIS_URL (default redis://127.0.0.1:6379); uses and then deletes its own key prefix.
 */

const args = new Map<string, string>();
for (let index = 2; index < process.argv.length; index += 2) args.set(process.argv[index]!.replace(/^--/, ''), process.argv[index + 1] ?? '');

const THREADS = boundedNumber('threads', 1_000, 1, 100_000);
const RATE = boundedNumber('rate', 600, 1, 10_000);
const CONCURRENCY = boundedNumber('concurrency', 4, 1, 32);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `praxis-bench-backfill-${randomBytes(3).toString('hex')}`;

function boundedNumber(name: string, fallback: number, min: number, max: number): number {
  const value = Number(args.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} ${args.get(name)} is invalid; expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function packageVersion(name: string): string {
  const path = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const sim = new ForumSimulator({ adminApiRequestsPerMinute: RATE });
  await sim.start();
  const seeded = seedThreads(sim, THREADS);

  const config = loadConfig({
    DISCOURSE_URL: sim.baseUrl,
    DISCOURSE_API_KEY: sim.adminApiKey,
    DISCOURSE_WEBHOOK_SECRET: 'bench-webhook-secret-0123',
    DISCOURSE_API_REQUESTS_PER_MINUTE: String(RATE),
    REDIS_URL,
    PRAXIS_KEY_PREFIX: PREFIX,
    PRAXIS_ROLES: 'api',
    LOG_LEVEL: 'warn',
  });
  const app = await buildApp(config, { logger: { level: 'warn' } });
  const redisVersion = /redis_version:(\S+)/.exec(await app.praxis.redis.info('server'))?.[1] ?? 'unknown';

  try {
    const backfill = createBackfill(app.praxis, pino({ level: 'warn' }));
    let lastLine = 0;
    const summary = await backfill.run({
      concurrency: CONCURRENCY,
      onProgress: (progress) => {
        if (progress.phase !== 'importing' || Date.now() - lastLine < 15_000) return;
        lastLine = Date.now();
        process.stderr.write(`  ${progress.skipped + progress.done}/${progress.total} topics, ${Math.round(progress.requestsPerMinute)} requests/min\n`);
      },
    });

    const minutes = summary.elapsedMs / 60_000;
    const share = summary.requests / (RATE * minutes);
    const stats = sim.adminApiStats;
    const records = (await app.praxis.records.listExperiments()).length + (await app.praxis.records.listPractices()).length;

    console.log(`threads: ${THREADS} (${seeded.practiceIds.length} practices, ${seeded.experimentIds.length} experiments), imported ${summary.imported}, failed ${summary.failed.length}, records ${records}`);
    console.log(`limit: ${RATE} requests/min in the simulator and the sidecar, backfill concurrency ${CONCURRENCY}`);
    console.log(`elapsed: ${(summary.elapsedMs / 1000).toFixed(1)} s, requests: ${summary.requests} (${summary.listRequests} list pages)`);
    console.log(`budget used: ${(share * 100).toFixed(1)}% (${Math.round(summary.requests / minutes)} of ${RATE} requests/min)`);
    console.log(`requests per thread: ${(summary.requests / THREADS).toFixed(3)} including list pages, ${((summary.requests - summary.listRequests) / THREADS).toFixed(3)} without`);
    console.log(`simulator: ${stats.adminApiRequests} admin requests served, ${stats.adminApiRateLimited} rejected with 429`);
    console.log(
      `machine: nproc ${os.cpus().length}, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
        `Node ${process.version}, Redis ${redisVersion}, BullMQ ${packageVersion('bullmq')}`,
    );
  } finally {
    await app.close();
    await sim.stop();
    await deleteKeysWithPrefix(PREFIX);
  }
}

main().catch((error: unknown) => {
  console.error(`bench:backfill failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
