import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PostPayload, TopicPayload } from '@praxis/shared';
import type { ForumClient } from '../forum/client';
import { ForumNotFoundError } from '../forum/errors';
import { getTopicPosts, getTopicWithPosts, type TopicWithPosts } from '../forum/topic-lists';
import type { Keys } from '../redis/keys';
import type { RecordStore } from '../records/store';
import { getRevision } from '../forum/revisions';
import type { ExperimentRecord, PracticeRecord } from '../records/types';
import { buildExperiment, buildPractice } from './build-records';
import type { CategoryRestrictions } from './categories';
import { deriveChangelog } from './changelog';
import { parseReplyPost } from './parser';
import type { ReplyState, ReplyStateStore } from './reply-state';
import { isNewerPost, type FirstPostState, type ThreadStateStore, type TopicState } from './thread-state';
import {
  firstPostFromPayload,
  isNewerOrDeletionChange,
  replyPlaceholder,
  sameTrackedFields,
  topicStateFromPayload,
  topicStateFromView,
  type IncomingFirstPost,
} from './thread-payloads';
import { withTopicLock } from './topic-lock';

export interface ThreadSyncOptions {
  redis: Redis;
  keys: Keys;
  threads: ThreadStateStore;
  replies: ReplyStateStore;
  records: RecordStore;
  forum: ForumClient;
  categories: CategoryRestrictions;
  logger: Logger;
  forumUrl: string;
  experimentTag: string;
  practiceTag: string;
  defaultTimezone: string;
  /** The forum user the sidecar posts as; its own replies are never reflections or decisions. */
  apiUsername: string;
  /** Queues a `resolve-topic` job that fetches what webhooks left missing, after `delayMs`. */
  scheduleResolve: (topicId: number, delayMs: number) => Promise<void>;
  /** Queues a `rebuild-practice` job that re-derives a practice's changelog under its own lock. */
  scheduleRebuildPractice: (practiceTopicId: number) => Promise<void>;
  /** Called after an experiment record was saved, to plan reminders and announcements. */
  onExperimentSaved?: (record: ExperimentRecord, previous: ExperimentRecord | null) => Promise<void>;
  /** How long a first post waits for its topic's webhook before the topic is fetched; 5 s by default. */
  resolveDelayMs?: number;
  now?: () => Date;
}

export interface SyncFromForumOptions {
  /** The client the topic is read through; the sync's own by default. Reconciliation passes a low-priority one. */
  forum?: ForumClient;
}

/** The outcome of `syncTopicFromForum`: what it found and changed. */
export interface SyncFromForumResult {
  topicId: number;
  /** False when the forum returned 404 for a topic the sidecar had never stored. */
  found: boolean;
  /** The stored topic state after the sync, or null when nothing is stored. */
  topic: TopicState | null;
  /** Experiment and practice records this call created (0 to 2). */
  recordsCreated: number;
  /** Experiment and practice records this call changed, not counting created ones. */
  recordsChanged: number;
  experiment: ExperimentRecord | null;
  practice: PracticeRecord | null;
}

/**
 * The one path from forum events to records. Webhooks and reconciliation (`syncTopicFromForum`) update the
 * stored thread state, then the records are derived from that state. Every step is idempotent,
 * and the order of arrival never matters:
 * - a first post replaces the stored one only at a higher version (or a later edit of the same);
 * - a topic event that changes what Praxis cares about (tags, title, category, deletion) on a
 *   tracked topic is checked against `GET /t/{id}.json`, because topic payloads carry no version.
 * Forum requests happen only where a payload lacks what is needed, to save the admin API budget.
 */
export class ThreadSync {
  private readonly now: () => Date;
  private readonly resolveDelayMs: number;

  constructor(private readonly options: ThreadSyncOptions) {
    this.now = options.now ?? (() => new Date());
    this.resolveDelayMs = options.resolveDelayMs ?? 5_000;
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
      // Discourse sends post_created for post #1 right after topic_created, so a new topic does not
      // need a fetch; a lost post_created is caught by reconciliation.
      await this.derive(next, log, { resolveMissingText: event !== 'topic_created' });
    });
  }

  async handlePostEvent(event: string, payload: PostPayload): Promise<void> {
    const topicId = payload.topic_id;
    const log = this.options.logger.child({ topicId, postId: payload.id, event });
    if (payload.post_number !== 1) return this.handleReply(event, payload, log);

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
        await this.options.scheduleResolve(topicId, this.resolveDelayMs);
        return;
      }
      if (topic.tags.includes(this.options.practiceTag) && incoming.version > 1) {
        await this.fetchMissingRevisions(topicId, incoming.postId, incoming.version);
      }
      await this.derive(topic, log);
    });
  }

  /**
   * Records a reply in an experiment thread when it carries a reflection or a decision, or when
   * it did before (an edit or deletion withdraws it). Replies in other threads are ignored.
   */
  private async handleReply(event: string, payload: PostPayload, log: Logger): Promise<void> {
    const topicId = payload.topic_id;
    if (this.isOwnPost(payload)) return;
    if (!(await this.options.records.getExperiment(topicId))) {
      // Deliveries run concurrently, so a reply can arrive before its experiment's record exists.
      // Such a reply is kept when it carries fields and its topic is, or may become, an experiment.
      const topic = await this.options.threads.getTopic(topicId);
      const mayBeExperiment = !topic || topic.tags.includes(this.options.experimentTag);
      const { fields } = parseReplyPost(payload.raw ?? '');
      if (!mayBeExperiment || (!fields.reflection && !fields.decision)) return;
    }

    await this.locked(topicId, async () => {
      let post = payload;
      if (event === 'post_destroyed' || event === 'post_recovered' || post.raw == null) {
        post = await this.fetchReply(payload);
      }
      if (!(await this.applyReply(topicId, post, log))) return;

      const topic = await this.options.threads.getTopic(topicId);
      if (topic) await this.derive(topic, log);
    });
  }

  /**
   * Stores a reply's reflection or decision when the post is newer than the stored reply (or its
   * deletion changed). Returns whether anything was stored. Call it under the topic's lock.
   */
  private async applyReply(topicId: number, post: PostPayload, log: Logger): Promise<boolean> {
    const { replies } = this.options;
    if (this.isOwnPost(post)) return false;
    const stored = await replies.get(topicId, post.id);

    const deleted = Boolean(post.deleted_at) || Boolean(post.user_deleted);
    const incoming = { version: post.version, updatedAt: post.updated_at };
    const newer = !stored || isNewerPost(incoming, stored) || (stored.version === post.version && stored.deleted !== deleted);
    if (!newer) return false;

    const { fields } = parseReplyPost(post.raw ?? '');
    if (!stored && !fields.reflection && !fields.decision) return false;

    const reply: ReplyState = {
      postId: post.id,
      postNumber: post.post_number,
      username: post.username,
      staff: Boolean(post.staff || post.admin || post.moderator),
      version: post.version,
      createdAt: post.created_at,
      updatedAt: post.updated_at,
      deleted,
      reflection: fields.reflection,
      decision: fields.decision,
    };
    await replies.set(topicId, reply);
    log.info({ reflection: Boolean(reply.reflection), decision: reply.decision?.decision ?? null, deleted }, 'experiment reply recorded');
    return true;
  }

  /**
   * Re-reads a topic, its first post and its replies through the REST API and applies them as
   * the webhooks would have: the same state updates, the same derivation, under the same lock.
   * It costs one request for most topics, plus one per 20 posts beyond the first 20 in an
   * experiment, plus any practice revisions not stored yet. A 404 marks the topic deleted.
   * Used by reconciliation and backfill to catch up on deliveries the sidecar never received.
   */
  async syncTopicFromForum(topicId: number, options: SyncFromForumOptions = {}): Promise<SyncFromForumResult> {
    const forum = options.forum ?? this.options.forum;
    const log = this.options.logger.child({ topicId, event: 'sync-from-forum' });
    let result: SyncFromForumResult | undefined;

    await this.locked(topicId, async () => {
      const { threads, records } = this.options;
      const before = await Promise.all([records.getExperiment(topicId), records.getPractice(topicId)]);
      const stored = await threads.getTopic(topicId);

      let view: TopicWithPosts | null = null;
      try {
        view = await getTopicWithPosts(forum, topicId);
      } catch (error) {
        if (!(error instanceof ForumNotFoundError)) throw error;
      }

      let topic: TopicState | null = stored;
      if (view) {
        topic = topicStateFromView(view);
        if (!stored || JSON.stringify(stored) !== JSON.stringify(topic)) await threads.setTopic(topic);
        await this.applyPostsFromView(topic, view, Boolean(before[0]), forum, log);
      } else if (stored && !stored.deleted) {
        // The API user is an admin and can read deleted topics, so 404 means the topic is gone.
        topic = { ...stored, deleted: true };
        await threads.setTopic(topic);
        log.info('topic not found on the forum; marked deleted');
      }

      if (topic) await this.derive(topic, log);
      const after = await Promise.all([records.getExperiment(topicId), records.getPractice(topicId)]);
      result = {
        topicId,
        found: view !== null || stored !== null,
        topic,
        recordsCreated: after.filter((record, index) => record && !before[index]).length,
        recordsChanged: after.filter((record, index) => record && before[index] && JSON.stringify(record) !== JSON.stringify(before[index])).length,
        experiment: after[0],
        practice: after[1],
      };
    });

    return result!;
  }

  /**
   * Applies the first post and, in experiment threads, every reply of a topic view, reading the
   * posts the view's first chunk lacks. Replies count only where the webhook path would count
   * them: in topics that are experiments now or have an experiment record.
   */
  private async applyPostsFromView(topic: TopicState, view: TopicWithPosts, hasExperiment: boolean, forum: ForumClient, log: Logger): Promise<void> {
    const { threads, replies, experimentTag, practiceTag } = this.options;
    const withReplies = hasExperiment || (topic.archetype === 'regular' && topic.tags.includes(experimentTag));

    const posts = new Map(view.post_stream.posts.filter((post) => post.raw != null).map((post) => [post.id, post]));
    const streamIds = view.post_stream.stream ?? view.post_stream.posts.map((post) => post.id);
    const wanted = withReplies ? streamIds : [topic.firstPostId].filter((id): id is number => id !== null);
    const missing = wanted.filter((id) => !posts.has(id));
    if (missing.length > 0) {
      for (const post of await getTopicPosts(forum, topic.id, missing)) posts.set(post.id, post);
    }

    const firstPost = topic.firstPostId !== null ? posts.get(topic.firstPostId) : undefined;
    if (firstPost) {
      const incoming = firstPostFromPayload(firstPost);
      if (incoming.raw !== null && isNewerOrDeletionChange(incoming, await threads.getFirstPost(topic.id))) {
        await threads.setFirstPost(topic.id, incoming as FirstPostState);
      }
      if (topic.tags.includes(practiceTag) && incoming.version > 1) {
        await this.fetchMissingRevisions(topic.id, incoming.postId, incoming.version, forum);
      }
    } else {
      log.warn({ firstPostId: topic.firstPostId }, 'first post not readable; the stored text is kept');
    }

    if (!withReplies) return;
    for (const id of streamIds) {
      const post = posts.get(id);
      if (post && post.post_number !== 1) await this.applyReply(topic.id, post, log.child({ postId: id }));
    }

    // A stored reply the topic no longer lists was removed for good; the webhook path reads it the same way.
    for (const reply of await replies.list(topic.id)) {
      if (posts.has(reply.postId)) continue;
      const placeholder = replyPlaceholder(topic.id, reply);
      await this.applyReply(topic.id, await this.fetchReply(placeholder, forum), log.child({ postId: reply.postId }));
    }
  }

  /** Re-derives a practice's changelog and version from the experiments that link to it. */
  async rebuildPractice(practiceTopicId: number): Promise<void> {
    const log = this.options.logger.child({ topicId: practiceTopicId, event: 'rebuild-practice' });
    await this.locked(practiceTopicId, async () => {
      const practice = await this.options.records.getPractice(practiceTopicId);
      if (practice) await this.savePracticeWithChangelog(practice, practice, log);
    });
  }

  /** Fetches the topic and its first post when webhooks did not bring them, then derives the records. */
  async resolveTopic(topicId: number): Promise<void> {
    const log = this.options.logger.child({ topicId, event: 'resolve-topic' });

    // Usually the webhooks arrived in the meantime and have already derived the records.
    const [knownTopic, knownFirstPost] = await Promise.all([this.options.threads.getTopic(topicId), this.options.threads.getFirstPost(topicId)]);
    if (knownTopic && knownFirstPost) return;

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

  private async derive(topic: TopicState, log: Logger, { resolveMissingText = true } = {}): Promise<void> {
    const { threads, records, categories, experimentTag, practiceTag } = this.options;
    const regular = topic.archetype === 'regular';
    const isExperiment = regular && topic.tags.includes(experimentTag);
    const isPractice = regular && topic.tags.includes(practiceTag);

    const [firstPost, existingExperiment, existingPractice, replies] = await Promise.all([
      threads.getFirstPost(topic.id),
      records.getExperiment(topic.id),
      records.getPractice(topic.id),
      this.options.replies.list(topic.id),
    ]);
    if (!isExperiment && !isPractice && !existingExperiment && !existingPractice) return;

    if ((isExperiment || isPractice) && !firstPost && resolveMissingText) {
      // Tagged, but the text has not arrived: fetch it unless its webhook arrives first.
      await this.options.scheduleResolve(topic.id, this.resolveDelayMs);
    }
    await categories.ensureKnown(topic.categoryId);

    const buildOptions = {
      forumUrl: this.options.forumUrl,
      defaultTimezone: this.options.defaultTimezone,
      now: this.now(),
    };

    if (isExperiment || existingExperiment) {
      const record = buildExperiment(topic, firstPost, replies, isExperiment, existingExperiment, buildOptions);
      if (record && record !== existingExperiment) {
        await records.saveExperiment(record, existingExperiment);
        log.info({ archived: record.archived, problems: record.problems.length, decision: record.decision?.decision ?? null }, 'experiment record saved');
        await this.afterExperimentSaved(record, existingExperiment);
      }
    }

    if (isPractice || existingPractice) {
      const record = buildPractice(topic, firstPost, isPractice, existingPractice, buildOptions);
      if (record) await this.savePracticeWithChangelog(record, existingPractice, log);
    }
  }

  /** Derives the changelog, sets the version from it, and saves both when anything changed. */
  private async savePracticeWithChangelog(
    record: NonNullable<Awaited<ReturnType<RecordStore['getPractice']>>>,
    existing: Awaited<ReturnType<RecordStore['getPractice']>>,
    log: Logger,
  ): Promise<void> {
    const { records, threads, forumUrl } = this.options;
    const experimentIds = await records.listExperimentIdsOfPractice(record.topicId);
    const experiments = (await Promise.all(experimentIds.map((id) => records.getExperiment(id)))).filter(
      (experiment): experiment is ExperimentRecord => experiment !== null,
    );
    const changelog = deriveChangelog(record, experiments, await threads.getRevisions(record.topicId), forumUrl);
    const version = changelog.at(-1)?.version ?? 1;

    const stored = await records.getChangelog(record.topicId);
    const unchanged = record === existing && version === existing.version && JSON.stringify(stored.reverse()) === JSON.stringify(changelog);
    if (unchanged) return;

    const next = { ...record, version, updatedAt: record === existing && version === existing.version ? record.updatedAt : this.now().toISOString() };
    await records.savePractice(next, changelog);
    log.info({ archived: next.archived, version, entries: changelog.length }, 'practice record saved');
  }

  /** Rebuilds the changelogs an experiment affects and hands the change to reminders and announcements. */
  private async afterExperimentSaved(record: ExperimentRecord, previous: ExperimentRecord | null): Promise<void> {
    const practices = new Set([record.practiceTopicId, previous?.practiceTopicId].filter((id): id is number => id != null));
    // A practice's changelog lists only decided experiments, so an undecided one cannot change it.
    const decided = record.decision !== null || (previous?.decision ?? null) !== null;
    const affectsChangelog =
      decided &&
      (!previous ||
      previous.practiceTopicId !== record.practiceTopicId ||
      previous.archived !== record.archived ||
      previous.title !== record.title ||
      previous.slug !== record.slug ||
      JSON.stringify(previous.decision) !== JSON.stringify(record.decision));
    if (affectsChangelog) {
      for (const practiceTopicId of practices) await this.options.scheduleRebuildPractice(practiceTopicId);
    }
    await this.options.onExperimentSaved?.(record, previous);
  }

  /** Stores the revisions of a practice's first post up to `version` that are not stored yet. */
  private async fetchMissingRevisions(topicId: number, postId: number, version: number, forum = this.options.forum): Promise<void> {
    const known = new Set((await this.options.threads.getRevisions(topicId)).map((revision) => revision.version));
    for (let revision = 2; revision <= version; revision++) {
      if (known.has(revision)) continue;
      try {
        const fetched = await getRevision(forum, postId, revision);
        await this.options.threads.setRevision(topicId, {
          version: revision,
          at: fetched.created_at,
          username: fetched.username,
          editReason: fetched.edit_reason ?? null,
        });
      } catch (error) {
        // Discourse returns 404 for hidden revisions; the changelog then lacks that edit rather than failing.
        if (!(error instanceof ForumNotFoundError)) throw error;
      }
    }
  }

  private async fetchReply(payload: PostPayload, forum = this.options.forum): Promise<PostPayload> {
    try {
      return await forum.getPost(payload.id);
    } catch (error) {
      if (error instanceof ForumNotFoundError) return { ...payload, deleted_at: payload.deleted_at ?? new Date(0).toISOString() };
      throw error;
    }
  }

  private isOwnPost(post: PostPayload): boolean {
    return post.username.toLowerCase() === this.options.apiUsername.toLowerCase();
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

export { topicStateFromView } from './thread-payloads';
