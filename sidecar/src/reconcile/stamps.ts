import type { Redis } from 'ioredis';
import type { TopicListItem } from '../forum/topic-lists';
import type { Keys } from '../redis/keys';

/**
 * A topic's list entry as reconciliation last saw it, and when it last re-read the topic.
 * A list entry whose activity fields differ from the stamp means posts were added, removed or
 * edited since, so the topic is read again.
 */
export interface ListStamp {
  bumpedAt: string | null;
  lastPostedAt: string | null;
  postsCount: number | null;
  highestPostNumber: number | null;
  /** ISO time of the last full re-read of the topic. */
  readAt: string;
}

export function stampFromListItem(item: TopicListItem, readAt: Date): ListStamp {
  return {
    bumpedAt: item.bumped_at ?? null,
    lastPostedAt: item.last_posted_at ?? null,
    postsCount: item.posts_count ?? null,
    highestPostNumber: item.highest_post_number ?? null,
    readAt: readAt.toISOString(),
  };
}

/** Returns whether the list entry shows activity the stamp did not see. */
export function activityChanged(item: TopicListItem, stamp: ListStamp): boolean {
  return (
    (item.bumped_at ?? null) !== stamp.bumpedAt ||
    (item.last_posted_at ?? null) !== stamp.lastPostedAt ||
    (item.posts_count ?? null) !== stamp.postsCount ||
    (item.highest_post_number ?? null) !== stamp.highestPostNumber
  );
}

/** The stamps of all topics in one hash (`keys.reconcileStamps`), a few hundred bytes per topic. */
export class ListStampStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async getAll(): Promise<Map<number, ListStamp>> {
    const values = await this.redis.hgetall(this.keys.reconcileStamps);
    return new Map(Object.entries(values).map(([topicId, value]) => [Number(topicId), JSON.parse(value) as ListStamp]));
  }

  async set(topicId: number, stamp: ListStamp): Promise<void> {
    await this.redis.hset(this.keys.reconcileStamps, String(topicId), JSON.stringify(stamp));
  }

  async remove(topicIds: number[]): Promise<void> {
    if (topicIds.length === 0) return;
    await this.redis.hdel(this.keys.reconcileStamps, ...topicIds.map(String));
  }
}
