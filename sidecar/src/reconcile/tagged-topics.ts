import type { ForumClient } from '../forum/client';
import { ForumNotFoundError } from '../forum/errors';
import { listTopicsByTag, type TopicListItem, type TopicListPage } from '../forum/topic-lists';

/** Stops a walk that never ends, e.g. behind a proxy that ignores `page`: 10 000 pages are 300 000 topics. */
const MAX_PAGES_PER_TAG = 10_000;

export interface TaggedTopics {
  /** Every listed topic by id, once even when it carries several of the tags. */
  topics: Map<number, TopicListItem>;
  /** List requests made. */
  requests: number;
}

/**
 * Walks `GET /tag/{name}.json?page=N` from page 0 for each tag until `more_topics_url` is absent
 * or a page is empty. Topics bumped during the walk move to earlier pages, so one can be missed
 * (or seen twice); reconciliation then catches it on its next run. A page that brings no new
 * topic ends the walk of its tag, in case the forum serves the same page again. A tag no topic
 * carries yet returns 404, which counts as an empty list.
 */
export async function listTaggedTopics(
  forum: ForumClient,
  tags: string[],
  onPage?: (tag: string, page: number, listed: number) => void,
  signal?: AbortSignal,
): Promise<TaggedTopics> {
  const topics = new Map<number, TopicListItem>();
  let requests = 0;

  for (const tag of new Set(tags)) {
    const seen = new Set<number>();
    for (let page = 0; page < MAX_PAGES_PER_TAG; page++) {
      signal?.throwIfAborted();
      const result = await listPage(forum, tag, page);
      requests += 1;

      let added = 0;
      for (const topic of result.topics) {
        if (!seen.has(topic.id)) added += 1;
        seen.add(topic.id);
        topics.set(topic.id, topic);
      }
      onPage?.(tag, page, topics.size);
      if (!result.more || added === 0) break;
    }
  }

  return { topics, requests };
}

async function listPage(forum: ForumClient, tag: string, page: number): Promise<TopicListPage> {
  try {
    return await listTopicsByTag(forum, tag, page);
  } catch (error) {
    if (error instanceof ForumNotFoundError) return { topics: [], more: false };
    throw error;
  }
}
