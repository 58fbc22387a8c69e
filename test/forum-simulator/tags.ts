import type { ForumContext } from './forum-context';
import type { SimTag } from './state';

/**
 * Returns the tags with these cleaned names in the given order, creating missing ones.
 * NOTE: Discourse lets only `create_tag_allowed_groups` (staff and trust level 3 by default)
 * create tags; the simulator lets every member create them.
 */
export function ensureTags(ctx: ForumContext, names: string[]): SimTag[] {
  return names.map((name) => ctx.state.tagByName(name) ?? ctx.state.addTag({ id: ctx.state.nextId('tag'), name, description: null }));
}

/** Creates or updates a tag with a description, as an admin does under Admin → Tags. */
export function defineTag(ctx: ForumContext, name: string, description: string | null): SimTag {
  const [tag] = ensureTags(ctx, [name]);
  tag!.description = description;
  return tag!;
}
