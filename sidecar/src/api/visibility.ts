import type { Caller } from '../identity/caller';
import type { TopicAccess } from '../identity/topic-access';
import type { CategoryRestrictions } from '../threads/categories';

/** Returns the verified caller of the current request, or null when signed out. */
export type CallerLookup = () => Promise<Caller | null>;

interface Restrictable {
  topicId: number;
  categoryId: number | null;
}

/**
 * Decides which records a caller may see. Records in read-restricted categories (and categories
 * not resolved yet) are hidden from anonymous callers, as Discourse hides the topics themselves. A
 * signed-in caller sees such a record when the forum lets that user read its topic.
 */
export class Visibility {
  constructor(
    private readonly categories: CategoryRestrictions,
    private readonly topicAccess: TopicAccess | null = null,
  ) {}

  /**
   * Keeps the records the caller may read, in their original order. `caller` is called only when a
   * restricted record is among them, so a request that touches only public records never waits for the forum.
   */
  async filterVisible<T extends Restrictable>(records: T[], caller?: CallerLookup): Promise<T[]> {
    const restricted = await this.categories.restrictedSet(records.map((record) => record.categoryId));
    const isRestricted = (record: T) => record.categoryId !== null && restricted.has(record.categoryId);

    const restrictedIds = records.filter(isRestricted).map((record) => record.topicId);
    if (restrictedIds.length === 0) return records;

    const viewer = caller && this.topicAccess ? await caller() : null;
    if (!viewer || !this.topicAccess) return records.filter((record) => !isRestricted(record));

    const readable = await this.topicAccess.readableTopics(viewer, restrictedIds);
    return records.filter((record) => !isRestricted(record) || readable.has(record.topicId));
  }

  async isVisible(record: Restrictable, caller?: CallerLookup): Promise<boolean> {
    return (await this.filterVisible([record], caller)).length === 1;
  }

  /** Keeps the records an anonymous caller may read, in their original order. */
  filterPublic<T extends Restrictable>(records: T[]): Promise<T[]> {
    return this.filterVisible(records);
  }

  isPublic(record: Restrictable): Promise<boolean> {
    return this.isVisible(record);
  }
}
