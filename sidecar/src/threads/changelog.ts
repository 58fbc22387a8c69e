import type { ChangelogEntry, ExperimentRecord, PracticeRecord } from '../records/types';
import { topicUrl } from './build-records';

/** A revision of a practice's first post, read from `GET /posts/{id}/revisions/{n}.json`. */
export interface RevisionState {
  /** The post version this revision produced (Discourse's revision number). */
  version: number;
  at: string;
  username: string;
  editReason: string | null;
}

/**
 * Derives a practice's changelog, oldest entry first, from what the forum shows now: its creation,
 * the decisions of the experiments that link to it, and the revisions of its first post. Because
 * it is derived rather than appended, a duplicated event adds nothing and an edited or deleted
 * decision changes or withdraws its entry.
 *
 * Versions: creation is version 1; `adopt`, `adapt` and `edit` raise the version by one;
 * `abandon` is recorded at the current version ("tested, not adopted").
 */
export function deriveChangelog(
  practice: PracticeRecord,
  experiments: ExperimentRecord[],
  revisions: RevisionState[],
  forumUrl: string,
): ChangelogEntry[] {
  type Event = Omit<ChangelogEntry, 'version'>;
  const events: Event[] = [];

  for (const experiment of experiments) {
    const decision = experiment.decision;
    if (!decision || experiment.archived || experiment.practiceTopicId !== practice.topicId) continue;
    events.push({
      at: decision.at,
      kind: decision.decision,
      summary: decisionSummary(decision.decision, decision.change, experiment.title),
      username: decision.username,
      experiment: { topicId: experiment.topicId, title: experiment.title, url: topicUrl(forumUrl, experiment.topicId, experiment.slug) },
      revision: null,
    });
  }

  for (const revision of revisions) {
    events.push({
      at: revision.at,
      kind: 'edit',
      summary: revision.editReason?.trim() || 'Practice text edited',
      username: revision.username,
      experiment: null,
      revision: revision.version,
    });
  }

  // Ties (same instant) fall back to a fixed order so the derivation is repeatable.
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || tieKey(a).localeCompare(tieKey(b)));

  const entries: ChangelogEntry[] = [
    {
      version: 1,
      at: practice.createdAt,
      kind: 'created',
      summary: 'Practice documented',
      username: practice.owner.username,
      experiment: null,
      revision: null,
    },
  ];
  let version = 1;
  for (const event of events) {
    if (event.kind !== 'abandon') version += 1;
    entries.push({ ...event, version });
  }
  return entries;
}

function decisionSummary(decision: 'adopt' | 'adapt' | 'abandon', change: string | null, title: string): string {
  const text = change?.trim();
  if (decision === 'abandon') return text ? `Tested, not adopted: ${text}` : `Tested in "${title}", not adopted`;
  if (text) return text;
  return decision === 'adopt' ? `Adopted the change tested in "${title}"` : `Adapted after "${title}"`;
}

function tieKey(event: Omit<ChangelogEntry, 'version'>): string {
  return `${event.kind}:${event.experiment?.topicId ?? ''}:${event.revision ?? ''}`;
}
