import type { ForumContext } from './forum-context';
import { ForumValidationError } from './forum-errors';
import { UNCATEGORIZED_CATEGORY_ID, type SimCategory } from './state';
import { slugify } from './text';

/*
 * Category changes as an admin makes them; each sends `category_created`, `category_updated` or
 * `category_destroyed` with `{"category": {...}}`.
 */

export interface CategoryInput {
  name: string;
  slug?: string;
  description?: string | null;
  color?: string;
  textColor?: string;
  readRestricted?: boolean;
  /** Usernames that may see a read-restricted category besides admins. */
  allowedUsernames?: string[];
}

export function createCategory(ctx: ForumContext, input: CategoryInput): SimCategory {
  validateName(ctx, input.name);

  const category: SimCategory = {
    id: ctx.state.nextId('category'),
    name: input.name,
    slug: input.slug ?? categorySlug(input.name),
    color: input.color ?? '0088CC',
    textColor: input.textColor ?? 'FFFFFF',
    description: input.description ?? null,
    readRestricted: input.readRestricted ?? false,
    allowedUserIds: new Set(userIds(ctx, input.allowedUsernames ?? [])),
    position: ctx.state.categories.size,
    createdAt: ctx.now(),
  };
  ctx.state.categories.set(category.id, category);

  ctx.emit({ kind: 'category', name: 'category_created', category });
  return category;
}

/** Creates the `Uncategorized` category every site starts with; it sends no event. */
export function createUncategorized(ctx: ForumContext): SimCategory {
  const category: SimCategory = {
    id: ctx.state.nextId('category'),
    name: 'Uncategorized',
    slug: 'uncategorized',
    color: '0088CC',
    textColor: 'FFFFFF',
    description: 'Topics that don’t need a category, or don’t fit into any other existing category.',
    readRestricted: false,
    allowedUserIds: new Set(),
    position: 0,
    createdAt: ctx.now(),
  };
  if (category.id !== UNCATEGORIZED_CATEGORY_ID) throw new Error('Uncategorized must be the first category created');

  ctx.state.categories.set(category.id, category);
  return category;
}

export function updateCategory(ctx: ForumContext, category: SimCategory, changes: Partial<CategoryInput>): SimCategory {
  if (changes.name !== undefined && changes.name !== category.name) validateName(ctx, changes.name);

  if (changes.name !== undefined) category.name = changes.name;
  if (changes.slug !== undefined) category.slug = changes.slug;
  if (changes.description !== undefined) category.description = changes.description;
  if (changes.color !== undefined) category.color = changes.color;
  if (changes.textColor !== undefined) category.textColor = changes.textColor;
  if (changes.readRestricted !== undefined) category.readRestricted = changes.readRestricted;
  if (changes.allowedUsernames !== undefined) category.allowedUserIds = new Set(userIds(ctx, changes.allowedUsernames));

  ctx.emit({ kind: 'category', name: 'category_updated', category });
  return category;
}

/** Discourse refuses to delete a category that still has topics, and never deletes Uncategorized. */
export function destroyCategory(ctx: ForumContext, category: SimCategory): void {
  if (category.id === UNCATEGORIZED_CATEGORY_ID) throw new ForumValidationError(['Uncategorized cannot be deleted; it is the default category']);

  const hasTopics = [...ctx.state.topics.values()].some((topic) => topic.categoryId === category.id && topic.deletedAt === null);
  if (hasTopics) throw new ForumValidationError([`Category ${category.name} still has topics; move or delete them first`]);

  ctx.emit({ kind: 'category', name: 'category_destroyed', category });
  ctx.state.categories.delete(category.id);
}

function validateName(ctx: ForumContext, name: string): void {
  if (name.trim() === '') throw new ForumValidationError(['Category Name can’t be blank']);

  const taken = [...ctx.state.categories.values()].some((category) => category.name.toLowerCase() === name.toLowerCase());
  if (taken) throw new ForumValidationError(['Category Name has already been taken']);
}

function categorySlug(name: string): string {
  const slug = slugify(name);
  return slug === 'topic' ? 'category' : slug;
}

function userIds(ctx: ForumContext, usernames: string[]): number[] {
  return usernames.map((username) => {
    const user = ctx.state.userByName(username);
    if (!user) throw new Error(`unknown user '${username}' in allowedUsernames; add the user with addUser first`);
    return user.id;
  });
}
