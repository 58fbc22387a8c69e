/**
 * Every translation key the widgets use, relative to the theme's `locales/en.yml` root. Keeping them
 * in one list lets a test check each against the locale file, and the `MessageKey` type makes the
 * compiler reject a key that is not listed.
 */
export const MESSAGE_KEYS = [
  'common.loading',
  'common.retry',
  'errors.network',
  'errors.http_status',
  'errors.rate_limited',
  'errors.invalid_response',
  'errors.unexpected',

  'experiment.heading',
  'experiment.load_failed',
  'experiment.status.proposed',
  'experiment.status.running',
  'experiment.status.reflecting',
  'experiment.status.concluded',
  'experiment.archived',
  'experiment.seeking_partners',
  'experiment.practice',
  'experiment.practice_fallback',
  'experiment.no_practice',
  'experiment.hypothesis',
  'experiment.measure',
  'experiment.not_given',
  'experiment.starts',
  'experiment.review',
  'experiment.partners',
  'experiment.partners_count_of',
  'experiment.partners_count',
  'experiment.partners_none',
  'experiment.reflections',
  'experiment.reflections_none',
  'experiment.reflection_text',
  'experiment.what_happened',
  'experiment.what_we_learned',
  'experiment.what_should_change',
  'experiment.post_link',
  'experiment.decision',
  'experiment.decision_by',
  'experiment.decision_kind.adopt',
  'experiment.decision_kind.adapt',
  'experiment.decision_kind.abandon',
  'experiment.problems_heading',
  'experiment.problems_hint',

  'roles.co_experimenter',
  'roles.observer',
  'roles.critical_friend',

  'join.role_label',
  'join.join',
  'join.join_short',
  'join.join_as',
  'join.choose_role',
  'join.leave',
  'join.leave_short',
  'join.log_in',
  'join.joined_as',
  'join.joined',
  'join.left',
  'join.join_failed',
  'join.leave_failed',
  'join.reason.owner',
  'join.reason.archived',
  'join.reason.concluded',
  'join.reason.full',

  'changelog.heading',
  'changelog.load_failed',
  'changelog.practice',
  'changelog.version',
  'changelog.entry_version',
  'changelog.empty',
  'changelog.no_practice',
  'changelog.kind.created',
  'changelog.kind.adopt',
  'changelog.kind.adapt',
  'changelog.kind.abandon',
  'changelog.kind.edit',
  'changelog.by',
  'changelog.from_experiment',
  'changelog.show_all',

  'recent.heading',
  'recent.load_failed',
  'recent.empty',
] as const;

export type MessageKey = (typeof MESSAGE_KEYS)[number];

export type MessageValues = Record<string, string | number>;

/**
 * Returns the text for a key with `%{name}` placeholders filled in. In Discourse this is
 * `i18n(themePrefix(key), values)`, so site admins' overrides of the theme's strings apply.
 */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** A locale tree as in `locales/en.yml` below the locale name. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/**
 * Creates a `Translate` over a locale tree, for pages outside Discourse and for tests. A missing key
 * returns `[key]`, so the gap is visible on the page rather than blank.
 */
export function createTranslator(messages: MessageTree): Translate {
  return (key, values) => {
    let node: string | MessageTree | undefined = messages;
    for (const part of key.split('.')) {
      node = typeof node === 'object' ? node[part] : undefined;
    }
    if (typeof node !== 'string') return `[${key}]`;
    return interpolate(node, values);
  };
}

/** Replaces `%{name}` placeholders, the syntax of Discourse's i18n; a placeholder without a value stays as written. */
export function interpolate(template: string, values: MessageValues | undefined): string {
  if (!values) return template;
  return template.replace(/%\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? String(values[name]) : placeholder,
  );
}

/**
 * Translates an enum value from the sidecar through its key table. A value the table lacks (sent
 * by a newer sidecar) is shown as sent instead of breaking the widget.
 */
export function translateValue<V extends string>(t: Translate, keys: Record<V, MessageKey>, value: V): string {
  const key = (keys as Record<string, MessageKey | undefined>)[value];
  return key ? t(key) : value;
}
