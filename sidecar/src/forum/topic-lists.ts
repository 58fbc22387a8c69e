import { z } from 'zod';
import { postPayloadSchema, tagSchema } from '@praxis/shared';
import type { ForumClient } from './client';
import { topicViewSchema } from './responses';

/*
 * Reads for reconciliation and backfill: the topics of a tag, page by page, and a topic with the
 * raw text of its posts.
 */

/** Topics per page of a tag list; Discourse's `per_page` default and maximum (`TopicQuery`). */
export const TOPICS_PER_PAGE = 30;

/** Post ids per `GET /t/{id}/posts.json` request, the size of a topic view chunk (20 posts). */
export const POSTS_PER_REQUEST = 20;

/** An entry of a topic list (TopicListItemSerializer); only the fields reconciliation compares. */
export const topicListItemSchema = z.looseObject({
  id: z.number().int(),
  title: z.string(),
  slug: z.string(),
  tags: z.array(tagSchema).nullish(),
  category_id: z.number().int().nullish(),
  archetype: z.string().optional(),
  created_at: z.string().nullish(),
  bumped_at: z.string().nullish(),
  last_posted_at: z.string().nullish(),
  posts_count: z.number().int().nullish(),
  highest_post_number: z.number().int().nullish(),
});

export type TopicListItem = z.infer<typeof topicListItemSchema>;

/**
 * `GET /tag/{name}.json?page=N` (TopicListSerializer). `more_topics_url` is present only when the
 * page is full, and has no `.json` (`app/serializers/topic_list_serializer.rb`).
 */
export const tagTopicListSchema = z.object({
  topic_list: z.looseObject({
    topics: z.array(topicListItemSchema).nullish(),
    more_topics_url: z.string().nullish(),
  }),
});

export interface TopicListPage {
  topics: TopicListItem[];
  /** Whether another page may follow: `more_topics_url` was present and this page had topics. */
  more: boolean;
}

/** Reads one page (0-based) of the topics tagged `tag`, most recently bumped first. */
export async function listTopicsByTag(forum: ForumClient, tag: string, page: number): Promise<TopicListPage> {
  const body = await forum.request({ method: 'GET', url: `/tag/${encodeURIComponent(tag)}.json`, params: { page } }, tagTopicListSchema);
  const topics = body.topic_list.topics ?? [];
  return { topics, more: Boolean(body.topic_list.more_topics_url) && topics.length > 0 };
}

/** `GET /t/{id}.json?include_raw=true`: the topic view, with `raw` in each post of the first chunk. */
export const topicWithPostsSchema = topicViewSchema.extend({
  post_stream: z.looseObject({
    posts: z.array(postPayloadSchema),
    stream: z.array(z.number().int()).optional(),
  }),
});

export type TopicWithPosts = z.infer<typeof topicWithPostsSchema>;

/** Reads a topic with its first chunk of posts (up to 20) and their raw text, in one request. */
export function getTopicWithPosts(forum: ForumClient, topicId: number): Promise<TopicWithPosts> {
  return forum.request({ method: 'GET', url: `/t/${topicId}.json`, params: { include_raw: 'true' } }, topicWithPostsSchema);
}

/** `GET /t/{id}/posts.json?post_ids[]=…&include_raw=true`: the requested posts of a topic, with `raw`. */
export const topicPostsWithRawSchema = z.object({
  post_stream: z.looseObject({ posts: z.array(postPayloadSchema) }),
});

/**
 * Reads the given posts of a topic with their raw text, POSTS_PER_REQUEST ids a request. Posts
 * the API user may not see, or that no longer exist, are missing from the result.
 */
export async function getTopicPosts(forum: ForumClient, topicId: number, postIds: number[]) {
  const posts: z.infer<typeof postPayloadSchema>[] = [];

  for (let start = 0; start < postIds.length; start += POSTS_PER_REQUEST) {
    const params = new URLSearchParams();
    for (const id of postIds.slice(start, start + POSTS_PER_REQUEST)) params.append('post_ids[]', String(id));
    params.append('include_raw', 'true');

    const body = await forum.request({ method: 'GET', url: `/t/${topicId}/posts.json`, params }, topicPostsWithRawSchema);
    posts.push(...body.post_stream.posts);
  }

  return posts;
}
