import type { ChangelogEntry, ExperimentRecord, PracticeRecord } from '../records/types';
import { parseExperimentPost, parsePracticePost } from './parser';
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
 * Builds the experiment record of a topic from its state and first post. Partners are kept from
 * the existing record because they are not written in the thread. Returns the existing record
 * unchanged when nothing differs, so duplicate events do not move `updatedAt`.
 */
export function buildExperiment(
  topic: TopicState,
  firstPost: FirstPostState | null,
  tagged: boolean,
  existing: ExperimentRecord | null,
  options: BuildOptions,
): ExperimentRecord | null {
  const archived = isArchived(topic, firstPost, tagged);

  let content: Omit<ExperimentRecord, 'partners' | 'updatedAt'>;
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
      problems,
      archived,
    };
  } else if (existing) {
    // Without readable text (not fetched yet, or deleted by its author) the parsed fields stay as they were.
    const { partners: _partners, updatedAt: _updatedAt, ...rest } = existing;
    content = { ...rest, ...topicFields(topic), archived };
  } else {
    return null;
  }

  const partners = existing?.partners ?? [];
  if (existing && sameContent({ ...content, partners }, existing)) return existing;
  return { ...content, partners, updatedAt: options.now.toISOString() };
}

/** Builds the practice record; a practice seen for the first time also gets its `created` changelog entry. */
export function buildPractice(
  topic: TopicState,
  firstPost: FirstPostState | null,
  tagged: boolean,
  existing: PracticeRecord | null,
  options: BuildOptions,
): { record: PracticeRecord; newEntries: ChangelogEntry[] } | null {
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

  if (existing) {
    const candidate = { ...content, version: existing.version };
    if (sameContent(candidate, existing)) return { record: existing, newEntries: [] };
    return { record: { ...candidate, updatedAt: options.now.toISOString() }, newEntries: [] };
  }

  const record: PracticeRecord = { ...content, version: 1, updatedAt: options.now.toISOString() };
  const created: ChangelogEntry = {
    version: 1,
    at: topic.createdAt,
    kind: 'created',
    summary: 'Practice documented',
    username: topic.owner.username,
    experiment: null,
  };
  return { record, newEntries: [created] };
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
