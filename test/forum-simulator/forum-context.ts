import type { ForumState, SimCategory, SimPost, SimTopic } from './state';

/** Site settings the simulated forum honours, with Discourse's defaults (`config/site_settings.yml`). */
export interface SiteSettings {
  minPostLength: number;
  minFirstPostLength: number;
  minPersonalMessagePostLength: number;
  maxPostLength: number;
  minTopicTitleLength: number;
  minPersonalMessageTitleLength: number;
  maxTopicTitleLength: number;
  allowDuplicateTopicTitles: boolean;
  maxTagsPerTopic: number;
  /** Seconds after a version during which the author's small edits do not create a new version. */
  editingGracePeriodSeconds: number;
  /** Characters an author below trust level 2 may change inside the grace period. */
  editingGracePeriodMaxDiff: number;
  /** The same for staff and trust level 2 and above. */
  editingGracePeriodMaxDiffHighTrust: number;
  /** Hours before a post its author deleted is removed; 0 makes author deletes real deletes. */
  deleteRemovedPostsAfterHours: number;
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  minPostLength: 20,
  minFirstPostLength: 20,
  minPersonalMessagePostLength: 10,
  maxPostLength: 32_000,
  minTopicTitleLength: 15,
  minPersonalMessageTitleLength: 2,
  maxTopicTitleLength: 255,
  allowDuplicateTopicTitles: false,
  maxTagsPerTopic: 5,
  editingGracePeriodSeconds: 300,
  editingGracePeriodMaxDiff: 100,
  editingGracePeriodMaxDiffHighTrust: 400,
  deleteRemovedPostsAfterHours: 24,
};

/**
 * A Ruby `DiscourseEvent` that webhooks listen to. The receiver serializes the payload at once,
 * so a webhook body shows the state at the moment of the event.
 */
export type ForumEvent =
  | { kind: 'topic'; name: string; topic: SimTopic }
  | { kind: 'post'; name: string; post: SimPost }
  | { kind: 'category'; name: string; category: SimCategory };

export interface ForumContext {
  state: ForumState;
  settings: SiteSettings;
  now: () => Date;
  emit: (event: ForumEvent) => void;
}
