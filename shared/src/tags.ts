import { z } from 'zod';

/**
 * A topic tag as Discourse serializes it: an object `{id, name, slug}` on current builds
 * (2026.8 and later were recorded sending objects) and a plain name on older builds (2025.12).
 */
export const tagSchema = z.union([
  z.string().min(1),
  z.looseObject({ id: z.number().int().optional(), name: z.string().min(1), slug: z.string().optional() }),
]);

export type Tag = z.infer<typeof tagSchema>;

/** Returns the tag names of either shape, lowercased because Discourse tag names are case-insensitive. */
export function tagNames(tags: readonly Tag[] | null | undefined): string[] {
  if (!tags) return [];
  return tags.map((tag) => (typeof tag === 'string' ? tag : tag.name).toLowerCase());
}
