import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { tagNames, type Problem } from '@praxis/shared';
import type { ForumClient } from '../forum/client';
import { ForumError, ForumNotFoundError, ForumRateLimitedError, ForumUnavailableError } from '../forum/errors';
import { getTopicPosts, getTopicWithPosts, type TopicListItem } from '../forum/topic-lists';
import type { Keys } from '../redis/keys';
import { parseExperimentPost, parsePracticePost } from '../threads/parser';
import type { ThreadSync } from '../threads/thread-sync';
import { TopicLockTimeoutError } from '../threads/topic-lock';
import { ListStampStore, stampFromListItem } from './stamps';
import { listTaggedTopics } from './tagged-topics';

export interface BackfillDeps {
  redis: Redis;
  keys: Keys;
  sync: ThreadSync;
  /** A low-priority client (see createLowPriorityForum). */
  forum: ForumClient;
  /** Requests `forum` has sent so far. */
  requestsSent: () => number;
  experimentTag: string;
  practiceTag: string;
  /** For parsing in a dry run, as the records would be parsed. */
  defaultTimezone: string;
  forumUrl: string;
  logger: Logger;
  now?: () => Date;
}

export interface BackfillRunOptions {
  /** Reads and parses every thread but writes nothing, the progress cursor included. */
  dryRun?: boolean;
  /** Forgets which topics earlier runs imported and imports all of them again. */
  restart?: boolean;
  /** Topics read at once; the rate limiter sets the pace, this only hides request latency. 4 by default. */
  concurrency?: number;
  /** Stops the run after the topics in progress; finished topics stay recorded for the next run. */
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress {
  phase: 'listing' | 'importing' | 'finished' | 'stopped';
  /** Tagged topics listed so far (all of them once listing is over). */
  total: number;
  /** Topics an earlier run imported, skipped in this one. */
  skipped: number;
  /** Topics handled in this run, failed ones included. */
  done: number;
  failed: number;
  requests: number;
  elapsedMs: number;
  /** Requests per minute since the run started, counted as intervals between requests (N - 1 for N). */
  requestsPerMinute: number;
  /** Estimated milliseconds until the last topic is done; null until one is. */
  remainingMs: number | null;
}

export type ThreadKind = 'experiment' | 'practice';

/** One imported (or, in a dry run, readable) thread and what the parser found wrong in it. */
export interface ThreadReport {
  topicId: number;
  title: string;
  tags: string[];
  kinds: ThreadKind[];
  problems: (Problem & { kind: ThreadKind })[];
}

export interface BackfillSummary {
  dryRun: boolean;
  listed: number;
  skipped: number;
  imported: number;
  failed: { topicId: number; title: string; error: string }[];
  /** Experiment and practice records created and changed (0 in a dry run). */
  recordsCreated: number;
  recordsChanged: number;
  threads: ThreadReport[];
  listRequests: number;
  requests: number;
  elapsedMs: number;
  /** The reason the run ended before every topic was handled, or null when every topic was. */
  stoppedBy: string | null;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Imports every thread tagged with the experiment or practice tag through ThreadSync, the path
 * webhooks take, so records, changelogs and reminders come out as if every webhook had arrived.
 * The ids of imported topics are kept in Redis (`keys.backfillDone`), so an interrupted run
 * resumes where it stopped. It takes the same per-topic locks as the sidecar and may run next to it.
 */
export class Backfill {
  private readonly stamps: ListStampStore;
  private readonly now: () => Date;

  constructor(private readonly deps: BackfillDeps) {
    this.stamps = new ListStampStore(deps.redis, deps.keys);
    this.now = deps.now ?? (() => new Date());
  }

  async run(options: BackfillRunOptions = {}): Promise<BackfillSummary> {
    const { redis, keys, forum, experimentTag, practiceTag } = this.deps;
    const dryRun = options.dryRun ?? false;
    const started = Date.now();
    const requestsAtStart = this.deps.requestsSent();
    const requests = () => this.deps.requestsSent() - requestsAtStart;

    const summary: BackfillSummary = {
      dryRun,
      listed: 0,
      skipped: 0,
      imported: 0,
      failed: [],
      recordsCreated: 0,
      recordsChanged: 0,
      threads: [],
      listRequests: 0,
      requests: 0,
      elapsedMs: 0,
      stoppedBy: null,
    };
    const report = (phase: BackfillProgress['phase'], total: number, importStarted: number | null) => {
      options.onProgress?.(progressOf(phase, total, summary, requests(), started, importStarted));
    };

    if (options.restart && !dryRun) await redis.del(keys.backfillDone);

    let listed;
    try {
      listed = await listTaggedTopics(forum, [experimentTag, practiceTag], (_tag, _page, count) => report('listing', count, null), options.signal);
    } catch (error) {
      if (!options.signal?.aborted) throw error;
      return this.finish(summary, requests(), started, 'interrupted while listing topics');
    }
    summary.listed = listed.topics.size;
    summary.listRequests = listed.requests;

    const done = dryRun ? new Set<number>() : new Set((await redis.smembers(keys.backfillDone)).map(Number));
    const pending = orderForImport([...listed.topics.values()].filter((item) => !done.has(item.id)), practiceTag);
    summary.skipped = summary.listed - pending.length;

    const importStarted = Date.now();
    report('importing', summary.listed, importStarted);
    const practices = new Set<number>();
    const stop = new AbortController();
    const stopSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;

    const worker = async () => {
      for (let item = pending.shift(); item && !stopSignal.aborted; item = pending.shift()) {
        try {
          const thread = dryRun ? await this.inspect(item) : await this.import(item, summary, practices);
          summary.threads.push(thread);
          summary.imported += 1;
        } catch (error) {
          if (isFatal(error)) {
            this.deps.logger.error({ topicId: item.id, err: error }, 'backfill stopped; run it again to resume');
            stop.abort(error);
            return;
          }
          summary.failed.push({ topicId: item.id, title: item.title, error: error instanceof Error ? error.message : String(error) });
          this.deps.logger.warn({ topicId: item.id, err: error }, 'backfill could not import a topic; run it again to retry');
        }
        report('importing', summary.listed, importStarted);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, worker));

    // Changelogs of the practices touched, derived here so they are complete without the events worker.
    for (const practiceTopicId of practices) await this.deps.sync.rebuildPractice(practiceTopicId);

    let stoppedBy: string | null = null;
    if (stop.signal.aborted) stoppedBy = errorText(stop.signal.reason);
    else if (options.signal?.aborted) stoppedBy = 'interrupted';
    summary.threads.sort((a, b) => a.topicId - b.topicId);
    const finished = this.finish(summary, requests(), started, stoppedBy);
    report(stoppedBy ? 'stopped' : 'finished', summary.listed, importStarted);
    return finished;
  }

  /** Imports one topic and records it as done. */
  private async import(item: TopicListItem, summary: BackfillSummary, practices: Set<number>): Promise<ThreadReport> {
    const { redis, keys, sync, forum } = this.deps;
    const result = await sync.syncTopicFromForum(item.id, { forum });

    await redis.sadd(keys.backfillDone, String(item.id));
    await this.stamps.set(item.id, stampFromListItem(item, this.now()));
    summary.recordsCreated += result.recordsCreated;
    summary.recordsChanged += result.recordsChanged;

    if (result.experiment?.practiceTopicId != null) practices.add(result.experiment.practiceTopicId);
    if (result.practice) practices.add(result.practice.topicId);

    const kinds: ThreadKind[] = [];
    const problems: ThreadReport['problems'] = [];
    if (result.experiment && !result.experiment.archived) {
      kinds.push('experiment');
      problems.push(...result.experiment.problems.map((problem) => ({ ...problem, kind: 'experiment' as const })));
    }
    if (result.practice && !result.practice.archived) {
      kinds.push('practice');
      problems.push(...result.practice.problems.map((problem) => ({ ...problem, kind: 'practice' as const })));
    }
    return { topicId: item.id, title: result.topic?.title ?? item.title, tags: result.topic?.tags ?? tagNames(item.tags), kinds, problems };
  }

  /** Reads and parses one topic's first post without writing anything. */
  private async inspect(item: TopicListItem): Promise<ThreadReport> {
    const { forum, experimentTag, practiceTag } = this.deps;
    const view = await getTopicWithPosts(forum, item.id);
    const tags = tagNames(view.tags).sort();

    let firstPost = view.post_stream.posts.find((post) => post.post_number === 1);
    if (firstPost && firstPost.raw == null) [firstPost] = await getTopicPosts(forum, item.id, [firstPost.id]);
    const raw = firstPost?.raw ?? '';

    const kinds: ThreadKind[] = [];
    const problems: ThreadReport['problems'] = [];
    if (view.archetype === 'regular' && tags.includes(experimentTag)) {
      kinds.push('experiment');
      const parsed = parseExperimentPost(raw, { defaultTimezone: this.deps.defaultTimezone, forumUrl: this.deps.forumUrl });
      problems.push(...parsed.problems.map((problem) => ({ ...problem, kind: 'experiment' as const })));
    }
    if (view.archetype === 'regular' && tags.includes(practiceTag)) {
      kinds.push('practice');
      problems.push(...parsePracticePost(raw).problems.map((problem) => ({ ...problem, kind: 'practice' as const })));
    }
    return { topicId: item.id, title: view.title, tags, kinds, problems };
  }

  private finish(summary: BackfillSummary, requests: number, started: number, stoppedBy: string | null): BackfillSummary {
    summary.requests = requests;
    summary.elapsedMs = Date.now() - started;
    summary.stoppedBy = stoppedBy;
    this.deps.logger.info(
      {
        dryRun: summary.dryRun,
        listed: summary.listed,
        skipped: summary.skipped,
        imported: summary.imported,
        failed: summary.failed.length,
        recordsCreated: summary.recordsCreated,
        requests,
        elapsedMs: summary.elapsedMs,
        stoppedBy,
      },
      'backfill finished',
    );
    return summary;
  }
}

/** Practices first, so experiments that link to them find their practice; then by topic id. */
function orderForImport(items: TopicListItem[], practiceTag: string): TopicListItem[] {
  const isPractice = (item: TopicListItem) => tagNames(item.tags).includes(practiceTag);
  return items.sort((a, b) => Number(isPractice(b)) - Number(isPractice(a)) || a.id - b.id);
}

/**
 * Returns whether an error ends the whole run: the forum is unreachable or keeps rate-limiting,
 * or the error is not a forum error at all (Redis down, a bug). Other failures concern one topic.
 */
function isFatal(error: unknown): boolean {
  if (error instanceof ForumUnavailableError || error instanceof ForumRateLimitedError) return true;
  if (error instanceof ForumNotFoundError) return false;
  return !(error instanceof ForumError || error instanceof TopicLockTimeoutError);
}

function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function progressOf(
  phase: BackfillProgress['phase'],
  total: number,
  summary: BackfillSummary,
  requests: number,
  started: number,
  importStarted: number | null,
): BackfillProgress {
  const now = Date.now();
  const elapsedMs = now - started;
  const done = summary.imported + summary.failed.length;
  const remaining = Math.max(0, total - summary.skipped - done);
  const remainingMs = importStarted !== null && done > 0 ? Math.round(((now - importStarted) / done) * remaining) : null;
  return {
    phase,
    total,
    skipped: summary.skipped,
    done,
    failed: summary.failed.length,
    requests,
    elapsedMs,
    requestsPerMinute: elapsedMs > 0 && requests > 1 ? ((requests - 1) * 60_000) / elapsedMs : 0,
    remainingMs,
  };
}
