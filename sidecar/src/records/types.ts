import type { ChangelogEntry, Partner, Problem } from '@praxis/shared';

/** An experiment as stored in Redis. `status` is not stored: it depends on the clock and is computed when served. */
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
  partners: Partner[];
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
