import type { ForumContext } from './forum-context';
import type { Archetype, SimTopic } from './state';
import { cleanTagName } from './text';

/*
 * Topic and post validations with Rails' full-message wording, as Discourse returns them in
 * `errors` (`lib/validators/post_validator.rb`, `lib/validators/topic_title_length_validator.rb`,
 * `lib/validators/stripped_length_validator.rb`). Rails 7.1 and later write "can’t" with U+2019.
 */

export function titleErrors(ctx: ForumContext, title: string | undefined, archetype: Archetype, ignoreTopicId?: number): string[] {
  const trimmed = (title ?? '').trim();
  if (trimmed === '') return ['Title can’t be blank'];

  const min = archetype === 'private_message' ? ctx.settings.minPersonalMessageTitleLength : ctx.settings.minTopicTitleLength;
  if (trimmed.length < min) return [`Title is too short (minimum is ${min} characters)`];

  const max = ctx.settings.maxTopicTitleLength;
  if (trimmed.length > max) return [`Title is too long (maximum is ${max} characters)`];

  if (archetype === 'regular' && !ctx.settings.allowDuplicateTopicTitles && isDuplicateTitle(ctx, trimmed, ignoreTopicId)) {
    return ['Title has already been used'];
  }

  return [];
}

function isDuplicateTitle(ctx: ForumContext, title: string, ignoreTopicId: number | undefined): boolean {
  const wanted = title.toLowerCase();
  return [...ctx.state.topics.values()].some(
    (topic: SimTopic) =>
      topic.id !== ignoreTopicId &&
      topic.archetype === 'regular' &&
      topic.deletedAt === null &&
      topic.title.trim().toLowerCase() === wanted,
  );
}

export interface RawRules {
  firstPost: boolean;
  archetype: Archetype;
}

export function rawErrors(ctx: ForumContext, raw: string | undefined, rules: RawRules): string[] {
  const stripped = (raw ?? '').trim();
  if (stripped === '') return ['Body can’t be blank'];

  const min =
    rules.archetype === 'private_message'
      ? ctx.settings.minPersonalMessagePostLength
      : rules.firstPost
        ? ctx.settings.minFirstPostLength
        : ctx.settings.minPostLength;
  if (stripped.length < min) return [`Body is too short (minimum is ${min} characters)`];

  const max = ctx.settings.maxPostLength;
  if (stripped.length > max) return [`Body is too long (maximum is ${max} characters)`];

  return [];
}

/**
 * Reads the `tags` parameter in every shape Discourse accepts: objects `{id}` or `{name}` (current
 * builds), plain names (deprecated since 2026.01) or one comma-separated string. Returns cleaned,
 * de-duplicated names; ids of unknown tags are dropped.
 */
export function tagNamesFromParam(ctx: ForumContext, input: unknown): string[] {
  const items: unknown[] = Array.isArray(input)
    ? input
    : typeof input === 'string'
      ? input.split(',')
      : input && typeof input === 'object'
        ? Object.values(input)
        : [];

  const names: string[] = [];
  for (const item of items) {
    const name = tagNameOf(ctx, item);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

function tagNameOf(ctx: ForumContext, item: unknown): string | null {
  if (typeof item === 'string') return cleanTagName(item) || null;
  if (!item || typeof item !== 'object') return null;

  const record = item as { id?: unknown; name?: unknown };
  if (typeof record.name === 'string') return cleanTagName(record.name) || null;

  const id = Number(record.id);
  return Number.isInteger(id) ? (ctx.state.tags.get(id)?.name ?? null) : null;
}

/**
 * NOTE: the wording of the `max_tags_per_topic` error is unverified; Discourse words it in its
 * locale files.
 */
export function tagErrors(ctx: ForumContext, names: string[]): string[] {
  const max = ctx.settings.maxTagsPerTopic;
  return names.length > max ? [`You can only apply up to ${max} tags to a topic.`] : [];
}
