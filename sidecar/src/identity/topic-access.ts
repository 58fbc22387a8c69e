import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys';
import type { Caller } from './caller';
import type { ForumSessionClient } from './forum-session';

export interface TopicAccessOptions {
  redis: Redis;
  keys: Keys;
  session: ForumSessionClient;
  /** Seconds the forum's response is cached per user and topic; 0 turns the cache off. */
  cacheSeconds: number;
}

/**
 * Checks made as one user at a time, so a long list does not send a burst to the forum.
 * NOTE: each uncached check counts against the user API key's own limit (`max_user_api_reqs_per_minute`,
 * 20 by default), so a list with many restricted topics can get 429 for key callers until the cache fills.
 */
const MAX_CONCURRENT_CHECKS = 4;

/**
 * Whether a signed-in caller may read a topic, as the forum decides for that user: `GET /t/{id}.json`
 * sent with their own credential. Admins read every category on Discourse, so they are not asked.
 */
export class TopicAccess {
  constructor(private readonly options: TopicAccessOptions) {}

  /** Returns the ids among `topicIds` that the caller may read. */
  async readableTopics(caller: Caller, topicIds: number[]): Promise<Set<number>> {
    const ids = [...new Set(topicIds)];
    if (caller.user.admin || ids.length === 0) return new Set(ids);

    const { redis, keys, cacheSeconds } = this.options;
    const cached = cacheSeconds === 0 ? ids.map(() => null) : await redis.mget(ids.map((id) => keys.topicAccess(caller.user.id, id)));

    const readable = new Set(ids.filter((_, index) => cached[index] === '1'));
    const unknown = ids.filter((_, index) => cached[index] !== '1' && cached[index] !== '0');

    for (let start = 0; start < unknown.length; start += MAX_CONCURRENT_CHECKS) {
      const batch = unknown.slice(start, start + MAX_CONCURRENT_CHECKS);
      const answers = await Promise.all(batch.map((topicId) => this.ask(caller, topicId)));
      batch.forEach((topicId, index) => {
        if (answers[index]) readable.add(topicId);
      });
    }
    return readable;
  }

  async canRead(caller: Caller, topicId: number): Promise<boolean> {
    return (await this.readableTopics(caller, [topicId])).has(topicId);
  }

  private async ask(caller: Caller, topicId: number): Promise<boolean> {
    const { redis, keys, session, cacheSeconds } = this.options;
    const allowed = await session.canReadTopic(caller.credential, caller.client, topicId);
    if (cacheSeconds > 0) await redis.set(keys.topicAccess(caller.user.id, topicId), allowed ? '1' : '0', 'EX', cacheSeconds);
    return allowed;
  }
}
