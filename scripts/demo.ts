import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { buildApp } from '../sidecar/src/app';
import { loadConfig } from '../sidecar/src/config';
import { deleteKeysWithPrefix } from '../sidecar/src/redis/delete-prefix';
import type { EventsQueue } from '../sidecar/src/webhooks/events-queue';
import { signBody } from '../sidecar/src/webhooks/signature';
import { seedDemoCommunity } from '../test/forum-simulator/seed';
import { ForumSimulator } from '../test/forum-simulator/server';
import { SYSTEM_USER_ID } from '../test/forum-simulator/state';

/*
 * `npm run demo`: a forum simulator seeded with a small community, the Praxis sidecar, and Redis
 * if none is reachable. The seed reaches the sidecar as signed webhooks, exactly as Discourse sends
 * them. Runs until Ctrl-C, then stops everything it started.
 *
 * Environment: REDIS_URL (default redis://127.0.0.1:6379), DEMO_FORUM_PORT (4200),
 * DEMO_SIDECAR_PORT (4100), DEMO_LOG_LEVEL (warn). Demo data lives under the key prefix
 * `praxis-demo`, which is cleared at start; nothing else in Redis is touched.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FORUM_PORT = Number(process.env.DEMO_FORUM_PORT ?? 4200);
const SIDECAR_PORT = Number(process.env.DEMO_SIDECAR_PORT ?? 4100);
const PREFIX = 'praxis-demo';
const SECRET = 'praxis-demo-webhook-secret';
/** The simulated forum's admin API key: fixed, so the backfill command printed below works as shown. */
const ADMIN_API_KEY = 'praxis-demo-admin-key';

const started: Array<() => Promise<void>> = [];

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Uses the Redis at REDIS_URL, or starts a throw-away `redis-server` there when it is local and free. */
async function ensureRedis(): Promise<void> {
  const url = new URL(REDIS_URL);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 6379);
  if (await canConnect(host, port)) return;

  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
  const installed = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!local || !installed) {
    throw new Error(
      `Redis is not reachable at ${host}:${port}. Start it, set REDIS_URL to one that runs, or install redis-server (Debian: apt-get install redis-server) so the demo can start one.`,
    );
  }

  say(`Starting redis-server on ${host}:${port} (it keeps nothing on disk and stops with the demo)`);
  const redis: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  started.push(async () => {
    redis.kill('SIGTERM');
  });
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await canConnect(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not start on ${host}:${port}`);
}

async function clearDemoKeys(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await deleteKeysWithPrefix(redis, PREFIX);
  } finally {
    redis.disconnect();
  }
}

async function assertPortFree(port: number, variable: string): Promise<void> {
  if (await canConnect('127.0.0.1', port)) {
    throw new Error(`port ${port} is already in use; stop what listens there or set ${variable} to a free port`);
  }
}

async function main(): Promise<void> {
  await assertPortFree(FORUM_PORT, 'DEMO_FORUM_PORT');
  await assertPortFree(SIDECAR_PORT, 'DEMO_SIDECAR_PORT');
  await ensureRedis();
  await clearDemoKeys();

  const sidecarUrl = `http://127.0.0.1:${SIDECAR_PORT}`;
  const sim = new ForumSimulator({ port: FORUM_PORT, praxisUrl: sidecarUrl, adminApiKey: ADMIN_API_KEY });
  const forumUrl = await sim.start();
  started.push(() => sim.stop());

  const config = loadConfig({
    ...process.env,
    DISCOURSE_URL: forumUrl,
    DISCOURSE_API_KEY: sim.adminApiKey,
    DISCOURSE_API_USERNAME: 'system',
    DISCOURSE_WEBHOOK_SECRET: SECRET,
    REDIS_URL,
    PRAXIS_KEY_PREFIX: PREFIX,
    PRAXIS_TRUST_PROXY: 'true',
    PORT: String(SIDECAR_PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.DEMO_LOG_LEVEL ?? 'warn',
  });
  const app = await buildApp(config);
  await app.listen({ port: SIDECAR_PORT, host: '127.0.0.1' });
  started.push(() => app.close());

  sim.addWebhook({ url: `${sidecarUrl}/webhooks/discourse`, secret: SECRET, events: 'all' });
  const community = seedDemoCommunity(sim);
  say('Seeded the forum; its threads are on their way to the sidecar as signed webhooks...');

  await sim.settleWebhooks();
  await waitForQueue(app.praxis.eventsQueue);

  // "Pair review for risky changes" passed its review date without reflections: its reminder goes out at once.
  const pairReview = community.experiments.pairReview;
  const reminder = await waitForPost(() => systemPosts(sim, pairReview)[0]);
  say(reminder ? `Reflection reminder posted in the "Pair review for risky changes" thread (post #${reminder.postNumber}).` : 'No reminder was posted within 15 s.');

  concludePairReview(sim, pairReview);
  await sim.settleWebhooks();
  await waitForQueue(app.praxis.eventsQueue);
  const announcement = await waitForPost(() => systemPosts(sim, community.practices.codeReviewChecklist)[0]);
  say(`fatima reflected and chen decided to adapt the practice${announcement ? '; the change is announced in the "Code review checklist" thread' : ''}.`);

  await printRecords(sidecarUrl);
  await showForgedDelivery(sidecarUrl, community.experiments.standUpTimebox);

  const topicUrl = (topicId: number) => `${forumUrl}/t/${sim.topic(topicId)!.slug}/${topicId}`;
  say();
  say('Open:');
  say(`  Forum (simulated Discourse)    ${forumUrl}            sign in at ${forumUrl}/login`);
  say(`  Experiment thread              ${topicUrl(community.experiments.standUpTimebox)}`);
  say(`  Reminder, reflection, decision ${topicUrl(community.experiments.pairReview)}`);
  say(`  Practice thread                ${topicUrl(community.practices.codeReviewChecklist)}`);
  say(`  Latest topics                  ${forumUrl}/latest`);
  say(`  Experiments (sidecar API)      ${sidecarUrl}/api/experiments`);
  say(`  One experiment                 ${sidecarUrl}/api/experiments/${community.experiments.standUpTimebox}`);
  say(`  A practice's changelog         ${sidecarUrl}/api/practices/${community.practices.codeReviewChecklist}/changelog`);
  say(`  Changes across all practices   ${sidecarUrl}/api/changelog`);
  say(`  Same-origin path via the forum ${forumUrl}/praxis/api/experiments`);
  say(`  Webhook deliveries             ${forumUrl}/__simulator/state.json`);
  say('Topic pages take ?palette=dark for the dark palette and ?mobile_view=1 for the phone layout.');
  say();
  say('Try the backfill against this forum from another terminal (it writes nothing with --dry-run):');
  say(
    `  DISCOURSE_URL=${forumUrl} DISCOURSE_API_KEY=${ADMIN_API_KEY} DISCOURSE_WEBHOOK_SECRET=${SECRET} PRAXIS_KEY_PREFIX=${PREFIX} REDIS_URL=${REDIS_URL} npm run backfill -- --dry-run`,
  );
  say();
  say('Press Ctrl-C to stop.');
}

/**
 * Closes the loop on one experiment, so the demo shows a reflection, a decision and the changelog
 * entry it adds: fatima reflects, then chen, the owner, decides to adapt the practice.
 */
function concludePairReview(sim: ForumSimulator, topicId: number): void {
  sim.reply({
    username: 'fatima',
    topicId,
    raw: [
      'What happened: we paired on four risky changes; two review comments caught real bugs.',
      'What we learned: pairing works best for the first hour, then async review is enough.',
      'What should change in the practice: pair on risky changes, but cap it at an hour.',
    ].join('\n'),
  });
  sim.reply({
    username: 'chen',
    topicId,
    raw: 'Thanks all.\n\nDecision: adapt\nChange: Risky changes get a one-hour pairing session before the written review.',
  });
}

function systemPosts(sim: ForumSimulator, topicId: number) {
  return sim.topicPosts(topicId).filter((post) => post.userId === SYSTEM_USER_ID);
}

/** Polls for up to 15 s until `find` returns a post. */
async function waitForPost<T>(find: () => T | undefined): Promise<T | undefined> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function waitForQueue(queue: EventsQueue): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
    if (Object.values(counts).every((count) => count === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function printRecords(sidecarUrl: string): Promise<void> {
  const experiments = (await (await fetch(`${sidecarUrl}/api/experiments`)).json()) as {
    experiments: Array<{ topicId: number; title: string; status: string; problems: unknown[]; partnersWanted: number | null }>;
  };
  const practices = (await (await fetch(`${sidecarUrl}/api/practices`)).json()) as {
    practices: Array<{ topicId: number; title: string; version: number; experimentTopicIds: number[] }>;
  };

  say();
  say('Experiments the sidecar built from the forum threads:');
  for (const experiment of experiments.experiments) {
    const problems = experiment.problems.length > 0 ? `  ${experiment.problems.length} problem(s) for the author to fix` : '';
    say(`  #${String(experiment.topicId).padEnd(4)} ${experiment.status.padEnd(10)} ${experiment.title}${problems}`);
  }
  say('Practices:');
  for (const practice of practices.practices) {
    say(`  #${String(practice.topicId).padEnd(4)} v${practice.version}  ${practice.title} (${practice.experimentTopicIds.length} experiment(s))`);
  }
  say('The private message, the whisper, the untagged topic and the restricted Staff room experiment are not listed.');
}

/** Sends a delivery signed with the wrong secret, to show that it is rejected and leaves nothing behind. */
async function showForgedDelivery(sidecarUrl: string, topicId: number): Promise<void> {
  const body = JSON.stringify({ topic: { id: topicId, title: 'Forged title', slug: 'forged', tags: [], created_at: new Date().toISOString() } });
  const response = await fetch(`${sidecarUrl}/webhooks/discourse`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-discourse-event': 'topic_edited',
      'x-discourse-event-type': 'topic',
      'x-discourse-event-signature': signBody('a-forged-secret-value', body),
    },
    body,
  });
  const after = (await (await fetch(`${sidecarUrl}/api/experiments/${topicId}`)).json()) as { title: string };
  say();
  say(`A webhook signed with the wrong secret got ${response.status}; experiment #${topicId} is still "${after.title}".`);
}

async function stopAll(): Promise<void> {
  for (const stop of started.reverse()) {
    await stop().catch(() => undefined);
  }
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    say('\nStopping the demo...');
    void stopAll().then(() => process.exit(0));
  });
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
