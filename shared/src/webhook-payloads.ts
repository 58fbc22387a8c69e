import { z } from 'zod';
import { tagSchema } from './tags';

/*
 * Webhook bodies are `{"<type>": <payload>}`. The schemas list only the fields Praxis reads and
 * drop every other key, because installed plugins add keys of their own. Fields that some
 * Discourse versions omit are optional.
 */

const userRefSchema = z.looseObject({
  id: z.number().int().optional(),
  username: z.string(),
});

/** `WebHookTopicViewSerializer` output, sent for `topic_*` events. It carries no post text. */
export const topicPayloadSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  slug: z.string(),
  tags: z.array(tagSchema).nullish(),
  archetype: z.string().default('regular'),
  category_id: z.number().int().nullish(),
  created_at: z.string(),
  last_posted_at: z.string().nullish(),
  bumped_at: z.string().nullish(),
  deleted_at: z.string().nullish(),
  user_id: z.number().int().nullish(),
  created_by: userRefSchema.nullish(),
});

export type TopicPayload = z.infer<typeof topicPayloadSchema>;

/** `WebHookPostSerializer` output, sent for `post_*` events. It carries `raw` but no tags. */
export const postPayloadSchema = z.object({
  id: z.number().int().positive(),
  topic_id: z.number().int().positive(),
  post_number: z.number().int().positive(),
  post_type: z.number().int(),
  username: z.string(),
  user_id: z.number().int().nullish(),
  raw: z.string().nullish(),
  version: z.number().int().positive().default(1),
  created_at: z.string(),
  updated_at: z.string(),
  deleted_at: z.string().nullish(),
  user_deleted: z.boolean().nullish(),
  staff: z.boolean().nullish(),
  admin: z.boolean().nullish(),
  moderator: z.boolean().nullish(),
  edit_reason: z.string().nullish(),
  topic_title: z.string().nullish(),
  topic_slug: z.string().nullish(),
  topic_archetype: z.string().nullish(),
  category_id: z.number().int().nullish(),
});

export type PostPayload = z.infer<typeof postPayloadSchema>;

/** `category_*` events; only the id matters, the restriction is read back through the API. */
export const categoryPayloadSchema = z.object({
  id: z.number().int().positive(),
  read_restricted: z.boolean().optional(),
});

export type CategoryPayload = z.infer<typeof categoryPayloadSchema>;

/** `user_destroyed` and `user_anonymized` events; an anonymized user arrives under the new name. */
export const userPayloadSchema = z.object({
  id: z.number().int(),
  username: z.string(),
});

export type UserPayload = z.infer<typeof userPayloadSchema>;

/** `Post.types` in `app/models/post.rb`. */
export const POST_TYPES = { regular: 1, moderatorAction: 2, smallAction: 3, whisper: 4 } as const;
