import type { CategoryRestrictions } from '../threads/categories';

/**
 * Decides which records a caller may see. Until callers are identified, every caller is
 * anonymous: records in read-restricted categories are hidden from them, as Discourse hides the
 * topics themselves.
 */
export class Visibility {
  constructor(private readonly categories: CategoryRestrictions) {}

  /** Keeps the records an anonymous caller may read, in their original order. */
  async filterPublic<T extends { categoryId: number | null }>(records: T[]): Promise<T[]> {
    const restricted = await this.categories.restrictedSet(records.map((record) => record.categoryId));
    return records.filter((record) => record.categoryId === null || !restricted.has(record.categoryId));
  }

  async isPublic(record: { categoryId: number | null }): Promise<boolean> {
    return (await this.filterPublic([record])).length === 1;
  }
}
