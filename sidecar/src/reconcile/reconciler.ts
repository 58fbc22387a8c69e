import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { tagNames } from '@praxis/shared';
import type { ForumClient } from '../forum/client';
import { ForumRateLimitedError, ForumUnavailableError } from '../forum/errors';
import type { TopicListItem } from '../forum/topic-lists';
import type { Keys } from '../redis/keys';
import type { ThreadStateStore, TopicState } from '../threads/thread-state';
import type { ThreadSync } from '../threads/thread-sync';
import { activityChanged, ListStampStore, stampFromListItem, type ListStamp } from './stamps';
import { listTaggedTopics } from './tagged-topics';
import { RunLock } from './run-lock';

export interface ReconcilerOptions {
  redis: Redis;
  keys: Keys;
  threads: ThreadStateStore;
  sync: ThreadSync;
  /** A low-priority client (see createLowPriorityForum), so reminders keep their share of the budget. */
  forum: ForumClient;
  /** Requests `forum` has sent so far. */
  requestsSent: () => number;
  experimentTag: string;
  practiceTag: string;
  /** Milliseconds between runs; sets how many due re-checks one run takes on. */
  everyMs: number;
  /** Milliseconds after which an unchanged listed topic is re-read anyway. */
  recheckAfterMs: number;
  logger: Logger;
  now?: () => Date;
}

/** The reason a topic is re-read. */
export type RereadReason = 'new' | 'topic-changed' | 'activity' | 'unlisted' | 'recheck';

/** The metrics of one run, also logged at its end. */
export interface ReconcileSummary {
  topicsListed: number;
  topicsReread: number;
  /** Re-reads by reason. */
  reasons: Record<RereadReason, number>;
  recordsCreated: number;
  recordsChanged: number;
  /** Topics whose re-read failed; they are tried again on the next run. */
  failed: number;
  listRequests: number;
  /**
   * Requests the run sent through its low-priority client: lists, re-reads and retries. A first
   * look-up of a category goes through the sidecar's main client and is not counted.
   */
  requestsSpent: number;
  durationMs: number;
  /** True when the run stopped early (shutdown or lost lock). */
  interrupted: boolean;
}

/**
 * One reconciliation run: walks the tag lists, compares each listed topic with the stored thread
 * state and its list stamp, and re-reads through ThreadSync only the topics that differ. Tracked
 * topics missing from the lists (untagged, deleted, made private) are re-read too; a 404 archives
 * them. The per-topic lock makes this safe next to the webhook worker and a backfill.
 */
export class Reconciler {
  private readonly stamps: ListStampStore;
  private readonly now: () => Date;

  constructor(private readonly options: ReconcilerOptions) {
    this.stamps = new ListStampStore(options.redis, options.keys);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs once. Returns null without doing anything while another process runs reconciliation,
   * and null when `signal` stops the run before the lists are read.
   */
  async run(signal?: AbortSignal): Promise<ReconcileSummary | null> {
    const { logger } = this.options;
    const lock = await RunLock.acquire(this.options.redis, this.options.keys.reconcileLock);
    if (!lock) {
      logger.info('reconciliation skipped: another run is in progress');
      return null;
    }

    const stop = signal ? AbortSignal.any([signal, lock.signal]) : lock.signal;
    try {
      return await this.reconcile(stop);
    } catch (error) {
      if (!stop.aborted) throw error;
      logger.info({ reason: String(stop.reason) }, 'reconciliation stopped while listing topics');
      return null;
    } finally {
      await lock.release();
    }
  }

  private async reconcile(signal: AbortSignal): Promise<ReconcileSummary> {
    const { forum, logger, experimentTag, practiceTag } = this.options;
    const started = Date.now();
    const requestsAtStart = this.options.requestsSent();

    const listed = await listTaggedTopics(forum, [experimentTag, practiceTag], undefined, signal);
    const plan = await this.planRereads(listed.topics);

    const summary: ReconcileSummary = {
      topicsListed: listed.topics.size,
      topicsReread: 0,
      reasons: { new: 0, 'topic-changed': 0, activity: 0, unlisted: 0, recheck: 0 },
      recordsCreated: 0,
      recordsChanged: 0,
      failed: 0,
      listRequests: listed.requests,
      requestsSpent: 0,
      durationMs: 0,
      interrupted: false,
    };

    for (const [topicId, reason] of plan) {
      if (signal.aborted) {
        summary.interrupted = true;
        break;
      }
      const item = listed.topics.get(topicId);
      try {
        const result = await this.options.sync.syncTopicFromForum(topicId, { forum });
        summary.recordsCreated += result.recordsCreated;
        summary.recordsChanged += result.recordsChanged;
        if (item) await this.stamps.set(topicId, stampFromListItem(item, this.now()));
        else await this.stamps.remove([topicId]);
      } catch (error) {
        // An unreachable or rate-limiting forum fails every further topic too: end the run.
        if (error instanceof ForumUnavailableError || error instanceof ForumRateLimitedError) throw error;
        summary.failed += 1;
        logger.warn({ topicId, reason, err: error }, 'reconciliation could not re-read a topic; it is tried again next run');
        continue;
      }
      summary.topicsReread += 1;
      summary.reasons[reason] += 1;
    }

    summary.requestsSpent = this.options.requestsSent() - requestsAtStart;
    summary.durationMs = Date.now() - started;
    logger.info(summary, 'reconciliation finished');
    return summary;
  }

  /** Decides which topics to re-read and why, in the order they are read. */
  private async planRereads(listed: Map<number, TopicListItem>): Promise<Map<number, RereadReason>> {
    const { threads, redis, keys } = this.options;
    const plan = new Map<number, RereadReason>();
    const stamps = await this.stamps.getAll();
    const recheckBefore = this.now().getTime() - this.options.recheckAfterMs;
    const due: { topicId: number; readAt: number }[] = [];

    const states = await Promise.all([...listed.keys()].map((topicId) => threads.getTopic(topicId)));
    for (const [index, [topicId, item]] of [...listed].entries()) {
      const stored = states[index] ?? null;
      const stamp = stamps.get(topicId);
      const reason = rereadReason(item, stored, stamp);
      if (reason) plan.set(topicId, reason);
      else if (stamp && Date.parse(stamp.readAt) < recheckBefore) due.push({ topicId, readAt: Date.parse(stamp.readAt) });
    }

    // Tracked topics are those with a record whose stored state still carries a Praxis tag.
    const recordIds = new Set([...(await redis.zrange(keys.experimentIndex, 0, -1)), ...(await redis.zrange(keys.practiceIndex, 0, -1))].map(Number));
    for (const topicId of recordIds) {
      if (listed.has(topicId)) continue;
      const stored = await threads.getTopic(topicId);
      if (stored && this.isTagged(stored) && !stored.deleted) plan.set(topicId, 'unlisted');
    }

    // Stamps of topics that left the lists for good only take space.
    const unlisted = [...stamps.keys()].filter((topicId) => !listed.has(topicId) && !plan.has(topicId));
    await this.stamps.remove(unlisted);

    // Spread re-checks so that each listed topic is re-read about once per recheck period, with
    // room to catch up (twice the even share per run).
    const perRun = Math.ceil((2 * listed.size * this.options.everyMs) / this.options.recheckAfterMs);
    due.sort((a, b) => a.readAt - b.readAt);
    for (const { topicId } of due.slice(0, perRun)) plan.set(topicId, 'recheck');

    return plan;
  }

  private isTagged(topic: TopicState): boolean {
    return topic.tags.includes(this.options.experimentTag) || topic.tags.includes(this.options.practiceTag);
  }
}

/** Compares a list entry with the stored state and stamp; null when nothing shows a change. */
export function rereadReason(item: TopicListItem, stored: TopicState | null, stamp: ListStamp | undefined): RereadReason | null {
  if (!stored) return 'new';

  const listedTags = tagNames(item.tags).sort();
  const sameTopic =
    !stored.deleted &&
    stored.title === item.title &&
    stored.slug === item.slug &&
    stored.categoryId === (item.category_id ?? null) &&
    stored.tags.length === listedTags.length &&
    stored.tags.every((tag, index) => tag === listedTags[index]);
  if (!sameTopic) return 'topic-changed';

  if (!stamp || activityChanged(item, stamp)) return 'activity';
  return null;
}
