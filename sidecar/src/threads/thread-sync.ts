import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { tagNames, type PostPayload, type TopicPayload } from '@praxis/shared';
import type { ForumClient } from '../forum/client';
import { ForumNotFoundError } from '../forum/errors';
import type { TopicView } from '../forum/responses';
import type { Keys } from '../redis/keys';
import type { RecordStore } from '../records/store';
import { buildExperiment, buildPractice } from './build-records';
import type { CategoryRestrictions } from './categories';
import { isNewerPost, type FirstPostState, type ThreadStateStore, type TopicState } from './thread-state';
import { withTopicLock } from './topic-lock';

export interface ThreadSyncOptions {
  redis: Redis;
  keys: Keys;
  threads: ThreadStateStore;
  records: RecordStore;
  forum: ForumClient;
  categories: CategoryRestrictions;
  logger: Logger;
  forumUrl: string;
  experimentTag: string;
  practiceTag: string;
  defaultTimezone: string;
  /** Queues a `resolve-topic` job that fetches what webhooks left missing, after `delayMs`. */
  scheduleResolve: (topicId: number, delayMs: number) => Promise<void>;
  now?: () => Date;
}

/** How long a first post waits for its topic's webhook before the topic is fetched. */
const RESOLVE_DELAY_MS = 5_000;

/**
 * The one path from forum events to records. Webhooks (and later reconciliation) update the
 * stored thread state, then the records are derived from that state. Every step is idempotent,
 * and the order of arrival never matters:
 * - a first post replaces the stored one only at a higher version (or a later edit of the same);
 * - a topic event that changes what Praxis cares about (tags, title, category, deletion) on a
 *   tracked topic is checked against `GET /t/{id}.json`, because topic payloads carry no version.
 * Forum requests happen only where a payload lacks what is needed, to save the admin API budget.
 */
export class ThreadSync {
  private readonly now: () => Date;

  constructor(private readonly options: ThreadSyncOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async handleTopicEvent(event: string, payload: TopicPayload): Promise<void> {
    const topicId = payload.id;
    const log = this.options.logger.child({ topicId, event });

    await this.locked(topicId, async () => {
      const stored = await this.options.threads.getTopic(topicId);
      const incoming = topicStateFromPayload(payload, stored, event);
      let next: TopicState;

      if (!stored && event === 'topic_created') {
        next = incoming;
      } else if (stored && event === 'topic_created') {
        // A retried topic_created is older than anything stored since.
        next = stored;
      } else if (stored && sameTrackedFields(stored, incoming)) {
        next = stored;
      } else if (!this.isTracked(stored) && !this.isTracked(incoming)) {
        // Not a Praxis topic before or after: keep the payload's view without spending a request.
        next = incoming;
      } else {
        next = await this.fetchTopicState(topicId, stored ?? incoming);
        log.debug({ deleted: next.deleted, tags: next.tags }, 'topic state fetched');
      }

      if (next !== stored) await this.options.threads.setTopic(next);
      await this.derive(next, log);
    });
  }

  async handlePostEvent(event: string, payload: PostPayload): Promise<void> {
    // Replies do not change experiment or practice records.
    if (payload.post_number !== 1) return;

    const topicId = payload.topic_id;
    const log = this.options.logger.child({ topicId, postId: payload.id, event });

    await this.locked(topicId, async () => {
      const stored = await this.options.threads.getFirstPost(topicId);
      let incoming = firstPostFromPayload(payload);

      if (event === 'post_destroyed' || event === 'post_recovered' || incoming.raw === null) {
        // Deletion does not bump the version, so ask the forum which state is current.
        incoming = await this.fetchFirstPost(payload.id, incoming);
      }

      if (incoming.raw !== null && isNewerOrDeletionChange(incoming, stored)) {
        await this.options.threads.setFirstPost(topicId, incoming as FirstPostState);
      }

      const topic = await this.options.threads.getTopic(topicId);
      if (!topic) {
        log.debug('first post arrived before its topic; resolving later');
        await this.options.scheduleResolve(topicId, RESOLVE_DELAY_MS);
        return;
      }
      await this.derive(topic, log);
    });
  }

  /** Fetches the topic and its first post when webhooks did not bring them, then derives the records. */
  async resolveTopic(topicId: number): Promise<void> {
    const log = this.options.logger.child({ topicId, event: 'resolve-topic' });

    await this.locked(topicId, async () => {
      let topic = await this.options.threads.getTopic(topicId);
      if (!topic) {
        try {
          topic = topicStateFromView(await this.options.forum.getTopic(topicId));
        } catch (error) {
          if (error instanceof ForumNotFoundError) {
            log.info('topic not found on the forum; nothing to resolve');
            return;
          }
          throw error;
        }
        await this.options.threads.setTopic(topic);
      }

      if (this.isTracked(topic) && topic.firstPostId !== null && !(await this.options.threads.getFirstPost(topicId))) {
        const post = await this.options.forum.getPost(topic.firstPostId);
        const firstPost = firstPostFromPayload(post);
        if (firstPost.raw !== null) await this.options.threads.setFirstPost(topicId, firstPost as FirstPostState);
      }

      await this.derive(topic, log);
    });
  }

  private async derive(topic: TopicState, log: Logger): Promise<void> {
    const { threads, records, categories, experimentTag, practiceTag } = this.options;
    const regular = topic.archetype === 'regular';
    const isExperiment = regular && topic.tags.includes(experimentTag);
    const isPractice = regular && topic.tags.includes(practiceTag);

    const [firstPost, existingExperiment, existingPractice] = await Promise.all([
      threads.getFirstPost(topic.id),
      records.getExperiment(topic.id),
      records.getPractice(topic.id),
    ]);
    if (!isExperiment && !isPractice && !existingExperiment && !existingPractice) return;

    if ((isExperiment || isPractice) && !firstPost) {
      // Tagged, but the text has not arrived: the post_created webhook is usually on its way.
      await this.options.scheduleResolve(topic.id, RESOLVE_DELAY_MS);
    }
    await categories.ensureKnown(topic.categoryId);

    const buildOptions = {
      forumUrl: this.options.forumUrl,
      defaultTimezone: this.options.defaultTimezone,
      now: this.now(),
    };

    if (isExperiment || existingExperiment) {
      const record = buildExperiment(topic, firstPost, isExperiment, existingExperiment, buildOptions);
      if (record && record !== existingExperiment) {
        await records.saveExperiment(record, existingExperiment);
        log.info({ archived: record.archived, problems: record.problems.length }, 'experiment record saved');
      }
    }

    if (isPractice || existingPractice) {
      const built = buildPractice(topic, firstPost, isPractice, existingPractice, buildOptions);
      if (built && built.record !== existingPractice) {
        await records.savePractice(built.record, built.newEntries);
        log.info({ archived: built.record.archived, version: built.record.version }, 'practice record saved');
      }
    }
  }

  private isTracked(topic: TopicState | null): boolean {
    if (!topic) return false;
    return topic.tags.includes(this.options.experimentTag) || topic.tags.includes(this.options.practiceTag);
  }

  private async fetchTopicState(topicId: number, fallback: TopicState): Promise<TopicState> {
    try {
      return topicStateFromView(await this.options.forum.getTopic(topicId));
    } catch (error) {
      // The API user is an admin and can read deleted topics, so 404 means the topic is gone.
      if (error instanceof ForumNotFoundError) return { ...fallback, deleted: true };
      throw error;
    }
  }

  private async fetchFirstPost(postId: number, fallback: IncomingFirstPost): Promise<IncomingFirstPost> {
    try {
      const post = await this.options.forum.getPost(postId);
      return firstPostFromPayload(post);
    } catch (error) {
      if (error instanceof ForumNotFoundError) return { ...fallback, deleted: true };
      throw error;
    }
  }

  private locked(topicId: number, work: () => Promise<void>): Promise<void> {
    // Forum requests run under the lock, and a 429 can hold one for minutes.
    return withTopicLock(this.options.redis, this.options.keys.topicLock(topicId), work, { ttlMs: 300_000 });
  }
}

type IncomingFirstPost = Omit<FirstPostState, 'raw'> & { raw: string | null };

function firstPostFromPayload(post: PostPayload): IncomingFirstPost {
  return {
    postId: post.id,
    raw: post.raw ?? null,
    version: post.version,
    updatedAt: post.updated_at,
    username: post.username,
    userDeleted: post.user_deleted ?? false,
    deleted: Boolean(post.deleted_at),
  };
}

function isNewerOrDeletionChange(incoming: IncomingFirstPost, stored: FirstPostState | null): boolean {
  if (isNewerPost(incoming, stored)) return true;
  if (!stored || incoming.version !== stored.version) return false;
  return incoming.userDeleted !== stored.userDeleted || incoming.deleted !== stored.deleted;
}

function topicStateFromPayload(payload: TopicPayload, stored: TopicState | null, event: string): TopicState {
  return {
    id: payload.id,
    title: payload.title,
    slug: payload.slug,
    tags: tagNames(payload.tags).sort(),
    categoryId: payload.category_id ?? null,
    archetype: payload.archetype,
    // Decided by the event name: older Discourse builds send deleted_at null in topic_destroyed.
    deleted: event === 'topic_destroyed' ? true : event === 'topic_recovered' ? false : Boolean(payload.deleted_at),
    createdAt: payload.created_at,
    owner: {
      username: payload.created_by?.username ?? stored?.owner.username ?? 'unknown',
      userId: payload.created_by?.id ?? payload.user_id ?? stored?.owner.userId ?? null,
    },
    firstPostId: stored?.firstPostId ?? null,
  };
}

export function topicStateFromView(view: TopicView): TopicState {
  const firstPost = view.post_stream.posts.find((post) => post.post_number === 1);
  const creator = view.details?.created_by ?? (firstPost ? { username: firstPost.username } : undefined);
  return {
    id: view.id,
    title: view.title,
    slug: view.slug,
    tags: tagNames(view.tags).sort(),
    categoryId: view.category_id ?? null,
    archetype: view.archetype,
    deleted: Boolean(view.deleted_at),
    createdAt: view.created_at,
    owner: { username: creator?.username ?? 'unknown', userId: creator?.id ?? null },
    firstPostId: firstPost?.id ?? view.post_stream.stream?.[0] ?? null,
  };
}

function sameTrackedFields(a: TopicState, b: TopicState): boolean {
  return (
    a.title === b.title &&
    a.slug === b.slug &&
    a.categoryId === b.categoryId &&
    a.archetype === b.archetype &&
    a.deleted === b.deleted &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, index) => tag === b.tags[index])
  );
}
