import type { DecisionRecord, ExperimentRecord, PracticeRecord, Reflection } from '../records/types';
import { parseExperimentPost, parsePracticePost } from './parser';
import type { ReplyState } from './reply-state';
import type { FirstPostState, TopicState } from './thread-state';

export interface BuildOptions {
  forumUrl: string;
  defaultTimezone: string;
  now: Date;
}

/** Whether the topic's record should be archived: deleted, emptied by its author, or untagged. */
export function isArchived(topic: TopicState, firstPost: FirstPostState | null, tagged: boolean): boolean {
  return !tagged || topic.deleted || (firstPost?.userDeleted ?? false) || (firstPost?.deleted ?? false);
}

export function topicUrl(forumUrl: string, topicId: number, slug: string): string {
  return `${forumUrl}/t/${slug}/${topicId}`;
}

/**
 * Builds the experiment record of a topic from its state and first post. Returns the existing
 * record unchanged when nothing differs, so duplicate events do not move `updatedAt`.
 */
export function buildExperiment(
  topic: TopicState,
  firstPost: FirstPostState | null,
  replies: ReplyState[],
  tagged: boolean,
  existing: ExperimentRecord | null,
  options: BuildOptions,
): ExperimentRecord | null {
  const archived = isArchived(topic, firstPost, tagged);
  const fromReplies = { reflections: reflectionsOf(replies), decision: decisionOf(replies, topic.owner.username) };

  let content: Omit<ExperimentRecord, 'updatedAt'>;
  if (firstPost && !firstPost.userDeleted) {
    const { fields, problems } = parseExperimentPost(firstPost.raw, {
      defaultTimezone: options.defaultTimezone,
      forumUrl: options.forumUrl,
    });
    content = {
      ...topicFields(topic),
      practiceTopicId: fields.practiceTopicId,
      hypothesis: fields.hypothesis,
      measure: fields.measure,
      startsAt: fields.start?.at ?? null,
      startsOn: fields.start?.on ?? null,
      reviewAt: fields.review?.at ?? null,
      reviewOn: fields.review?.on ?? null,
      timezone: fields.timezone,
      partnersWanted: fields.partnersWanted,
      ...fromReplies,
      problems,
      archived,
    };
  } else if (existing) {
    // Without readable text (not fetched yet, or deleted by its author) the parsed fields stay as they were.
    const { updatedAt: _updatedAt, ...rest } = existing;
    content = { ...rest, ...topicFields(topic), ...fromReplies, archived };
  } else {
    return null;
  }

  if (existing && sameContent(content, existing)) return existing;
  return { ...content, updatedAt: options.now.toISOString() };
}

/**
 * Builds the practice record. Its `version` is kept from the existing record (1 for a new one);
 * the changelog derivation sets it.
 */
export function buildPractice(
  topic: TopicState,
  firstPost: FirstPostState | null,
  tagged: boolean,
  existing: PracticeRecord | null,
  options: BuildOptions,
): PracticeRecord | null {
  const archived = isArchived(topic, firstPost, tagged);

  let content: Omit<PracticeRecord, 'version' | 'updatedAt'>;
  if (firstPost && !firstPost.userDeleted) {
    const { fields, problems } = parsePracticePost(firstPost.raw);
    content = { ...topicFields(topic), summary: fields.summary, problems, archived };
  } else if (existing) {
    const { version: _version, updatedAt: _updatedAt, ...rest } = existing;
    content = { ...rest, ...topicFields(topic), archived };
  } else {
    return null;
  }

  const candidate = { ...content, version: existing?.version ?? 1 };
  if (existing && sameContent(candidate, existing)) return existing;
  return { ...candidate, updatedAt: options.now.toISOString() };
}

/** Lists the reflections of the replies that still carry one, by post number. */
function reflectionsOf(replies: ReplyState[]): Reflection[] {
  return replies
    .filter((reply) => !reply.deleted && reply.reflection)
    .map((reply) => ({ username: reply.username, postNumber: reply.postNumber, at: reply.createdAt, ...reply.reflection! }));
}

/** Returns the latest decision written by the owner or a staff member; others' decisions do not count. */
function decisionOf(replies: ReplyState[], ownerUsername: string): DecisionRecord | null {
  const deciding = replies.filter(
    (reply) => !reply.deleted && reply.decision && (reply.staff || reply.username.toLowerCase() === ownerUsername.toLowerCase()),
  );
  const latest = deciding.at(-1);
  if (!latest?.decision) return null;
  return {
    decision: latest.decision.decision,
    change: latest.decision.change,
    username: latest.username,
    postNumber: latest.postNumber,
    at: latest.createdAt,
  };
}

function topicFields(topic: TopicState) {
  return {
    topicId: topic.id,
    title: topic.title,
    slug: topic.slug,
    categoryId: topic.categoryId,
    owner: topic.owner,
    createdAt: topic.createdAt,
  };
}

/** Compares two records field by field, ignoring `updatedAt`. */
function sameContent(candidate: object, existing: object): boolean {
  const { updatedAt: _a, ...left } = candidate as Record<string, unknown>;
  const { updatedAt: _b, ...right } = existing as Record<string, unknown>;
  return stableStringify(left) === stableStringify(right);
}

function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
