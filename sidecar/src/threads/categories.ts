import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ForumClient } from '../forum/client';
import { ForumNotFoundError } from '../forum/errors';
import type { Keys } from '../redis/keys';

/**
 * Remembers which categories are read-restricted. Records of such categories are never served to
 * anonymous callers. The flag is read from the forum once per category and refreshed by
 * `category_*` webhooks. A category the sidecar has not resolved yet counts as restricted.
 */
export class CategoryRestrictions {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly forum: ForumClient,
    private readonly logger: Logger,
  ) {}

  /** Looks the category up on the forum unless it is known already. */
  async ensureKnown(categoryId: number | null): Promise<void> {
    if (categoryId === null) return;
    if ((await this.redis.exists(this.keys.category(categoryId))) === 1) return;
    await this.refresh(categoryId);
  }

  /** Reads the category's restriction from the forum and stores it. */
  async refresh(categoryId: number): Promise<void> {
    let restricted: boolean;
    try {
      restricted = await this.forum.isCategoryRestricted(categoryId);
    } catch (error) {
      // The API user is an admin, so a category it cannot see is gone or hidden: keep it private.
      if (!(error instanceof ForumNotFoundError)) throw error;
      restricted = true;
    }
    await this.set(categoryId, restricted);
  }

  async set(categoryId: number, restricted: boolean): Promise<void> {
    await this.redis.set(this.keys.category(categoryId), restricted ? '1' : '0');
    this.logger.info({ categoryId, restricted }, 'category restriction stored');
  }

  /** Returns the restriction of each id; unknown ids count as restricted. Uncategorized (null) is public. */
  async restrictedSet(categoryIds: Iterable<number | null>): Promise<Set<number>> {
    const ids = [...new Set([...categoryIds].filter((id): id is number => id !== null))];
    if (ids.length === 0) return new Set();
    const values = await this.redis.mget(ids.map((id) => this.keys.category(id)));
    return new Set(ids.filter((_, index) => values[index] !== '0'));
  }
}
