import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys';

export interface RemovedUser {
  /** Experiments the user was removed from as a partner, by topic id, ascending. */
  experimentTopicIds: number[];
  /** Cached identities, topic permissions and rate-limit windows of the user that were deleted. */
  cacheEntries: number;
}

/** Keys SCAN looks at per call: large, so a big shared keyspace takes few round trips. */
const SCAN_COUNT = 5_000;

/**
 * Deletes what the sidecar stores about a forum user: their entries in every experiment's partners
 * hash, and the caches that name them. Meant for Discourse's `user_destroyed` and
 * `user_anonymized` events (see threads/events-worker.ts) and the `scripts/forget-user.ts` command.
 *
 * Usernames match case-insensitively, as Discourse compares them. With `userId`, entries stored
 * under an earlier username of the same user are removed as well, and so are the user's cached
 * topic permissions and rate-limit window.
 */
export async function removeUserEverywhere(
  redis: Redis,
  keys: Keys,
  username: string,
  options: { userId?: number | null } = {},
): Promise<RemovedUser> {
  const userId = options.userId ?? null;
  const experimentTopicIds = await removePartnerEntries(redis, keys, username.toLowerCase(), userId);

  let cacheEntries = await removeCachedIdentities(redis, keys, username.toLowerCase(), userId);
  if (userId !== null) {
    cacheEntries += await deleteMatching(redis, keys.topicAccessPattern(userId));
    cacheEntries += await redis.del(keys.partnerChanges(userId));
  }
  return { experimentTopicIds, cacheEntries };
}

async function removePartnerEntries(redis: Redis, keys: Keys, usernameLower: string, userId: number | null): Promise<number[]> {
  const topicIds: number[] = [];

  for await (const key of scanKeys(redis, keys.partnersPattern)) {
    const entries = await redis.hgetall(key);
    const fields = Object.entries(entries)
      .filter(([field, json]) => field.toLowerCase() === usernameLower || (userId !== null && partnerUserId(json) === userId))
      .map(([field]) => field);
    if (fields.length === 0) continue;

    await redis.hdel(key, ...fields);
    const topicId = topicIdOfPartnersKey(keys, key);
    if (topicId !== null) topicIds.push(topicId);
  }
  return topicIds.sort((a, b) => a - b);
}

async function removeCachedIdentities(redis: Redis, keys: Keys, usernameLower: string, userId: number | null): Promise<number> {
  let removed = 0;

  for await (const key of scanKeys(redis, keys.identityPattern)) {
    const cached = await redis.get(key);
    if (cached === null) continue;

    const user = (JSON.parse(cached) as { user: { id: number; username: string } | null }).user;
    if (!user) continue;
    if (user.username.toLowerCase() === usernameLower || user.id === userId) removed += await redis.del(key);
  }
  return removed;
}

async function deleteMatching(redis: Redis, pattern: string): Promise<number> {
  let removed = 0;
  for await (const key of scanKeys(redis, pattern)) removed += await redis.del(key);
  return removed;
}

async function* scanKeys(redis: Redis, pattern: string): AsyncGenerator<string> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    cursor = next;
    yield* found;
  } while (cursor !== '0');
}

function partnerUserId(json: string): number | null {
  try {
    const userId = (JSON.parse(json) as { userId?: unknown }).userId;
    return typeof userId === 'number' ? userId : null;
  } catch {
    return null;
  }
}

function topicIdOfPartnersKey(keys: Keys, key: string): number | null {
  const [before, after] = keys.partnersPattern.split('*') as [string, string];
  if (!key.startsWith(before) || !key.endsWith(after)) return null;

  const id = key.slice(before.length, key.length - after.length);
  return /^\d+$/.test(id) ? Number(id) : null;
}
