import { z } from 'zod';
import { postPayloadSchema, tagSchema } from '@praxis/shared';

/*
 * Shapes of the Discourse REST responses the sidecar reads. Only the fields used are listed;
 * unknown keys are dropped, since plugins add their own.
 */

const userRefSchema = z.looseObject({ id: z.number().int().optional(), username: z.string() });

/** `GET /t/{id}.json` (TopicViewSerializer). */
export const topicViewSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  slug: z.string(),
  tags: z.array(tagSchema).nullish(),
  category_id: z.number().int().nullish(),
  archetype: z.string().default('regular'),
  created_at: z.string(),
  last_posted_at: z.string().nullish(),
  bumped_at: z.string().nullish(),
  deleted_at: z.string().nullish(),
  details: z.looseObject({ created_by: userRefSchema.optional() }).optional(),
  post_stream: z.looseObject({
    posts: z.array(z.looseObject({ id: z.number().int(), post_number: z.number().int(), username: z.string() })),
    stream: z.array(z.number().int()).optional(),
  }),
});

export type TopicView = z.infer<typeof topicViewSchema>;

/** `GET /posts/{id}.json` (PostSerializer with `raw`). */
export const postSchema = postPayloadSchema;

/** `GET /c/{id}/show.json`. */
export const categoryShowSchema = z.object({
  category: z.looseObject({ id: z.number().int(), read_restricted: z.boolean() }),
});

/** Discourse's error body: `{"errors": [...], "error_type": "...", "extras": {...}}`. */
export const errorBodySchema = z.looseObject({
  errors: z.array(z.string()).optional(),
  error_type: z.string().optional(),
  extras: z.looseObject({ wait_seconds: z.number().optional() }).nullish(),
});

/** The response of `POST /posts.json`: the new post at top level, without `raw`. */
export const createdPostSchema = z.looseObject({
  id: z.number().int(),
  topic_id: z.number().int(),
  post_number: z.number().int(),
  username: z.string(),
});

/** The response of `POST /posts.json` when the post waits in the review queue instead of being published. */
export const enqueuedPostSchema = z.looseObject({
  action: z.literal('enqueued'),
  pending_count: z.number().int().optional(),
});

export type CreatedPost = z.infer<typeof createdPostSchema>;

/** `GET /t/{id}/posts.json?post_ids[]=…&include_raw=true`: the requested posts of a topic, with `raw`. */
export const topicPostsSchema = z.object({
  post_stream: z.looseObject({
    posts: z.array(
      z.looseObject({
        id: z.number().int(),
        post_number: z.number().int(),
        username: z.string(),
        raw: z.string().nullish(),
      }),
    ),
  }),
});

export type TopicPost = z.infer<typeof topicPostsSchema>['post_stream']['posts'][number];
