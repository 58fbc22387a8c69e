import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '../sidecar/src/redis/delete-prefix';
import { signBody } from '../sidecar/src/webhooks/signature';

/*
 * Webhook ingest benchmark. Drives POST /webhooks/discourse over real sockets with a new
 * connection per request (`Connection: close`, as Discourse sends them) and signed bodies of
 * realistic size, against the sidecar and against a bare Fastify route that only verifies the
 * signature. Reports throughput at full load, latency at a fixed 500 events/s, and counts the
 * experiment records afterwards to check that no accepted event was lost.
 *
 * Usage: npm run bench:ingest [-- --seconds 10 --rate 500 --concurrency 16 --layout one|split|deferred]
 * Needs Redis at REDIS_URL (default redis://127.0.0.1:6379); uses and then deletes its own key prefix.
 */

const args = new Map<string, string>();
for (let index = 2; index < process.argv.length; index += 2) args.set(process.argv[index]!.replace(/^--/, ''), process.argv[index + 1] ?? '');

const SECONDS = Number(args.get('seconds') ?? 10);
const RATE = Number(args.get('rate') ?? 500);
const CONCURRENCY = Number(args.get('concurrency') ?? 16);
const LAYOUT = args.get('layout') ?? 'one';
if (!['one', 'split', 'deferred'].includes(LAYOUT)) throw new Error(`--layout ${LAYOUT} is invalid; use one, split or deferred`);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-webhook-secret-0001';
const PREFIX = `praxis-bench-ingest-${randomBytes(3).toString('hex')}`;
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));

interface Delivery {
  topicId: number;
  event: string;
  body: string;
}

/** Builds a topic_created and a post_created for topic `id`, shaped and sized like Discourse's payloads. */
function deliveriesFor(id: number): Delivery[] {
  const now = new Date().toISOString();
  const user = { id: 42, username: 'alice', name: 'Alice Example', avatar_template: '/user_avatar/forum/alice/{size}/311_2.png' };
  const topic = {
    tags: [{ id: 3, name: 'experiment', slug: 'experiment' }],
    tags_descriptions: {},
    fancy_title: `Ten-minute stand-up trial ${id}`,
    id,
    title: `Ten-minute stand-up trial ${id}`,
    posts_count: 1,
    created_at: now,
    views: 0,
    reply_count: 0,
    like_count: 0,
    last_posted_at: now,
    visible: true,
    closed: false,
    archived: false,
    archetype: 'regular',
    slug: `ten-minute-stand-up-trial-${id}`,
    category_id: null,
    word_count: 60,
    deleted_at: null,
    user_id: 42,
    featured_link: null,
    pinned_globally: false,
    pinned_at: null,
    pinned_until: null,
    unpinned: null,
    pinned: false,
    highest_post_number: 1,
    deleted_by: null,
    has_deleted: false,
    bookmarked: false,
    participant_count: 1,
    queued_posts_count: 0,
    thumbnails: null,
    created_by: user,
    last_poster: user,
  };
  const raw = [
    'Practice: /t/daily-stand-up/7',
    'Hypothesis: Capping the stand-up at ten minutes keeps everyone engaged and frees time for focused work.',
    'Measure: Minutes per stand-up, and a weekly one-question poll "was it useful?".',
    'Start: 2027-01-11',
    'Review: 2027-02-08',
    'Partners wanted: 2',
  ].join('\n');
  const post = {
    id: id * 10,
    name: 'Alice Example',
    username: 'alice',
    avatar_template: user.avatar_template,
    created_at: now,
    cooked: `<p>${raw.replaceAll('\n', '<br>\n')}</p>`,
    post_number: 1,
    post_type: 1,
    posts_count: 1,
    updated_at: now,
    reply_count: 0,
    reply_to_post_number: null,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 0,
    score: 0,
    topic_id: id,
    topic_slug: topic.slug,
    topic_title: topic.title,
    category_id: null,
    display_username: 'Alice Example',
    primary_group_name: null,
    flair_name: null,
    flair_group_id: null,
    version: 1,
    user_title: null,
    bookmarked: false,
    raw,
    moderator: false,
    admin: false,
    staff: false,
    user_id: 42,
    hidden: false,
    trust_level: 2,
    deleted_at: null,
    user_deleted: false,
    edit_reason: null,
    wiki: false,
    reviewable_id: null,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
    post_url: `/t/${topic.slug}/${id}/1`,
    topic_posts_count: 1,
    topic_filtered_posts_count: 1,
    topic_archetype: 'regular',
  };
  return [
    { topicId: id, event: 'topic_created', body: JSON.stringify({ topic }) },
    { topicId: id, event: 'post_created', body: JSON.stringify({ post }) },
  ];
}

let eventId = 1;

/** Events the sidecar accepted, per topic: a topic with both accepted must end up as a record. */
const acceptedBySidecar = new Map<number, number>();
let sidecarPort = 0;

/** Sends one signed delivery on a fresh connection; resolves to [status, milliseconds]. */
function send(port: number, delivery: Delivery): Promise<[number, number]> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/webhooks/discourse',
        method: 'POST',
        agent: false,
        headers: {
          Accept: '*/*',
          Connection: 'close',
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(delivery.body),
          'User-Agent': 'Discourse/2026.9.0-latest; +https://www.discourse.org/',
          'X-Discourse-Instance': 'http://127.0.0.1:9',
          'X-Discourse-Event-Id': String(eventId++),
          'X-Discourse-Event-Type': delivery.event.split('_')[0],
          'X-Discourse-Event': delivery.event,
          'X-Discourse-Event-Signature': signBody(SECRET, delivery.body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (port === sidecarPort && status === 202) {
            acceptedBySidecar.set(delivery.topicId, (acceptedBySidecar.get(delivery.topicId) ?? 0) + 1);
          }
          resolve([status, Number(process.hrtime.bigint() - started) / 1e6]);
        });
      },
    );
    request.on('error', () => resolve([0, Number(process.hrtime.bigint() - started) / 1e6]));
    request.end(delivery.body);
  });
}

interface RunResult {
  sent: number;
  accepted: number;
  seconds: number;
  latencies: number[];
}

/** Closed loop: `CONCURRENCY` senders back to back for `seconds`. Measures maximum throughput. */
async function fullLoad(port: number, next: () => Delivery, seconds: number): Promise<RunResult> {
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const result: RunResult = { sent: 0, accepted: 0, seconds: 0, latencies: [] };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const [status, ms] = await send(port, next());
        result.sent++;
        if (status >= 200 && status < 300) result.accepted++;
        result.latencies.push(ms);
      }
    }),
  );
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** Open loop: one delivery every 1/rate seconds, however long the responses take. Measures latency at that rate. */
async function fixedRate(port: number, next: () => Delivery, rate: number, seconds: number): Promise<RunResult> {
  const total = Math.round(rate * seconds);
  const started = Date.now();
  const result: RunResult = { sent: 0, accepted: 0, seconds: 0, latencies: [] };
  const pending: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      send(port, next()).then(([status, ms]) => {
        result.sent++;
        if (status >= 200 && status < 300) result.accepted++;
        result.latencies.push(ms);
      }),
    );
  }
  await Promise.all(pending);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(name: string, result: RunResult): string {
  const perSecond = result.accepted / result.seconds;
  return `${name.padEnd(34)} ${perSecond.toFixed(0).padStart(6)} ev/s  p50 ${percentile(result.latencies, 50).toFixed(2).padStart(6)} ms  p99 ${percentile(result.latencies, 99).toFixed(2).padStart(7)} ms  max ${result.latencies.reduce((max, value) => Math.max(max, value), 0).toFixed(1).padStart(7)} ms  (${result.accepted}/${result.sent} accepted)`;
}

function startChild(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
      execArgv: ['--import', TSX, ...(process.env.BENCH_CPU_PROF && script.includes('sidecar') ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : [])],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code}`)));
  });
}

async function waitForEmptyQueue(redis: Redis, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [waiting, active] = await Promise.all([redis.llen(`${PREFIX}:{bull}:events:wait`), redis.llen(`${PREFIX}:{bull}:events:active`)]);
    if (waiting === 0 && active === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}


async function main(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const bare = await startChild('./bare-server.ts', { BENCH_SECRET: SECRET, PORT: '0' });
  const sidecarEnv = {
    DISCOURSE_URL: 'http://127.0.0.1:9',
    DISCOURSE_API_KEY: 'bench',
    DISCOURSE_WEBHOOK_SECRET: SECRET,
    REDIS_URL,
    PRAXIS_KEY_PREFIX: PREFIX,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  // --layout one: receiver and worker in one process (npm start). split: a receiver process and a
  // worker process (PRAXIS_ROLES=api and PRAXIS_ROLES=worker), as a busy site would run them.
  // deferred: the receiver alone during the load runs, and the worker started afterwards to drain
  // the queue, which measures what the receiver accepts without the worker sharing the CPU.
  const sidecar = await startChild('./sidecar-server.ts', { ...sidecarEnv, PRAXIS_ROLES: LAYOUT === 'one' ? 'api,worker' : 'api' });
  let worker = LAYOUT === 'split' ? await startChild('./sidecar-server.ts', { ...sidecarEnv, PRAXIS_ROLES: 'worker' }) : null;

  sidecarPort = sidecar.port;
  let topicId = 1_000_000;
  let queue: Delivery[] = [];
  const next = () => {
    if (queue.length === 0) queue = deliveriesFor(++topicId);
    return queue.shift()!;
  };
  const bodyBytes = deliveriesFor(1).map((delivery) => Buffer.byteLength(delivery.body));

  try {
    console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}`);
    console.log(`bodies: topic_created ${bodyBytes[0]} B, post_created ${bodyBytes[1]} B; ${CONCURRENCY} senders; ${SECONDS} s per run; layout ${LAYOUT}\n`);

    // Warm both servers up so JIT compilation does not count against either.
    await fullLoad(bare.port, next, 1);
    await fullLoad(sidecar.port, next, 1);

    const bareFull = await fullLoad(bare.port, next, SECONDS);
    const sidecarFull = await fullLoad(sidecar.port, next, SECONDS);
    // The worker drains the backlog of the full-load run first, so it does not weigh on the next one.
    if (LAYOUT !== 'deferred') await waitForEmptyQueue(redis);
    const bareRate = await fixedRate(bare.port, next, RATE, SECONDS);
    const sidecarRate = await fixedRate(sidecar.port, next, RATE, SECONDS);

    console.log(summary('bare route, full load', bareFull));
    console.log(summary('sidecar, full load', sidecarFull));
    console.log(summary(`bare route, ${RATE} ev/s`, bareRate));
    console.log(summary(`sidecar, ${RATE} ev/s`, sidecarRate));
    const share = sidecarFull.accepted / sidecarFull.seconds / (bareFull.accepted / bareFull.seconds);
    console.log(`\nsidecar throughput: ${(share * 100).toFixed(0)}% of the bare route (target: at least 50%)`);
    console.log(`sidecar p99 at ${RATE} ev/s: ${percentile(sidecarRate.latencies, 99).toFixed(2)} ms (target: under 20 ms)`);

    if (LAYOUT === 'deferred') worker = await startChild('./sidecar-server.ts', { ...sidecarEnv, PRAXIS_ROLES: 'worker' });

    // A topic whose two events were both accepted must become a record once the queue drains.
    const complete = [...acceptedBySidecar].filter(([, count]) => count === 2).map(([id]) => id);
    const drainStarted = Date.now();
    let missing = complete.length;
    while (Date.now() - drainStarted < 120_000) {
      const pipeline = redis.pipeline();
      for (const id of complete) pipeline.exists(`${PREFIX}:experiment:${id}`);
      const results = (await pipeline.exec()) ?? [];
      missing = results.filter(([, exists]) => exists !== 1).length;
      if (missing === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drainSeconds = ((Date.now() - drainStarted) / 1000).toFixed(1);
    console.log(`records: ${complete.length - missing} of ${complete.length} fully accepted topics, ${missing} lost (queue drained ${drainSeconds} s after the last request)`);
  } finally {
    bare.child.kill();
    sidecar.child.kill('SIGTERM');
    worker?.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await deleteKeysWithPrefix(redis, PREFIX);
    redis.disconnect();
  }
}

await main();
