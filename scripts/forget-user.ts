import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { redactUrl } from '../sidecar/src/app';
import { ConfigError, loadConfig } from '../sidecar/src/config';
import { removeUserEverywhere } from '../sidecar/src/partners/remove-user';
import { createKeys } from '../sidecar/src/redis/keys';

/*
 * Deletes what the sidecar stores about one forum user: their partner entries in every experiment
 * and the caches that name them. Run it after deleting or anonymizing the user on the forum:
 *
 *   npx tsx scripts/forget-user.ts USERNAME [--user-id ID]
 *
 * It reads the sidecar's environment (REDIS_URL, PRAXIS_KEY_PREFIX and the other variables).
 * With --user-id, entries stored under an earlier username of the same user go too.
 */

const USAGE = 'usage: npx tsx scripts/forget-user.ts USERNAME [--user-id ID]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { 'user-id': { type: 'string' } }, allowPositionals: true });

  const username = positionals[0]?.trim();
  if (!username || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE from sysexits.h
  }

  const userIdText = values['user-id'];
  if (userIdText !== undefined && !/^\d+$/.test(userIdText)) {
    process.stderr.write(`--user-id ${JSON.stringify(userIdText)} is not a user id; use the number from the user's admin page\n${USAGE}\n`);
    return 64;
  }

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`forget-user: ${error.message}\n`);
    return 78; // EX_CONFIG from sysexits.h
  }

  const redis = await connect(config.REDIS_URL);
  try {
    const removed = await removeUserEverywhere(redis, createKeys(config.PRAXIS_KEY_PREFIX), username, {
      userId: userIdText === undefined ? null : Number(userIdText),
    });
    const experiments = removed.experimentTopicIds.length > 0 ? removed.experimentTopicIds.join(', ') : 'none';
    process.stdout.write(`removed ${username} from experiments: ${experiments}; deleted ${removed.cacheEntries} cache entries\n`);
    return 0;
  } finally {
    await redis.quit();
  }
}

/** Connects without retrying, so a wrong REDIS_URL fails at once with the reason. */
async function connect(url: string): Promise<Redis> {
  let failure: Error | null = null;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectionName: 'praxis-forget-user' });
  redis.on('error', (error: Error) => {
    failure = error;
  });

  try {
    await redis.connect();
  } catch (error) {
    const reason = (failure ?? error) as Error;
    throw new Error(`could not connect to Redis at ${redactUrl(url)} (${reason.message}); check REDIS_URL`);
  }
  return redis;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`forget-user: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
