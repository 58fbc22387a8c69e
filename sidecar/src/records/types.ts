import type { ChangelogEntry, DecisionRecord, Partner, Problem, Reflection } from '@praxis/shared';

export type { DecisionRecord, Partner, Reflection };

/**
 * An experiment as stored in Redis. `status` is not stored: it depends on the clock and is computed
 * when served. Partners live in a hash of their own, so joining never races with re-parsing the thread.
 */
export interface ExperimentRecord {
  topicId: number;
  title: string;
  slug: string;
  categoryId: number | null;
  owner: { username: string; userId: number | null };
  practiceTopicId: number | null;
  hypothesis: string | null;
  measure: string | null;
  startsAt: string | null;
  startsOn: string | null;
  reviewAt: string | null;
  reviewOn: string | null;
  timezone: string;
  partnersWanted: number | null;
  /** Reflections from replies, by post number. */
  reflections: Reflection[];
  /** The latest decision by the owner or staff; it concludes the experiment. */
  decision: DecisionRecord | null;
  problems: Problem[];
  archived: boolean;
  /** When the topic was created on the forum. */
  createdAt: string;
  /** When this record last changed. */
  updatedAt: string;
}

export interface PracticeRecord {
  topicId: number;
  title: string;
  slug: string;
  categoryId: number | null;
  owner: { username: string; userId: number | null };
  summary: string;
  problems: Problem[];
  version: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export type { ChangelogEntry };
