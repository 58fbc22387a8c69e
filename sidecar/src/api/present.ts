import type { Experiment, ExperimentStatus, Practice } from '@praxis/shared';
import { topicUrl } from '../threads/build-records';
import type { ExperimentRecord, Partner, PracticeRecord } from '../records/types';

/**
 * Computes an experiment's status at `now`. Status depends on the clock, so it is derived when
 * served rather than stored: `running` once the start is reached, `reflecting` once the review
 * date is reached.
 */
export function experimentStatus(record: ExperimentRecord, now: Date): ExperimentStatus {
  if (record.decision) return 'concluded';
  const time = now.getTime();
  if (record.reviewAt && Date.parse(record.reviewAt) <= time) return 'reflecting';
  if (record.startsAt && Date.parse(record.startsAt) <= time) return 'running';
  return 'proposed';
}

export function presentExperiment(record: ExperimentRecord, partners: Partner[], forumUrl: string, now: Date): Experiment {
  return {
    topicId: record.topicId,
    title: record.title,
    slug: record.slug,
    url: topicUrl(forumUrl, record.topicId, record.slug),
    status: experimentStatus(record, now),
    owner: { username: record.owner.username },
    practiceTopicId: record.practiceTopicId,
    hypothesis: record.hypothesis,
    measure: record.measure,
    startsAt: record.startsAt,
    startsOn: record.startsOn,
    reviewAt: record.reviewAt,
    reviewOn: record.reviewOn,
    timezone: record.timezone,
    partnersWanted: record.partnersWanted,
    partners,
    seekingPartners: isSeekingPartners(record, partners.length, now),
    reflections: record.reflections,
    decision: record.decision,
    concludedAt: record.decision?.at ?? null,
    problems: record.problems,
    archived: record.archived,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Returns whether an experiment wants partners: it is open, not yet in review, and has places left. */
export function isSeekingPartners(record: ExperimentRecord, partnerCount: number, now: Date): boolean {
  if (record.archived || record.partnersWanted === null) return false;
  const status = experimentStatus(record, now);
  if (status === 'concluded' || status === 'reflecting') return false;
  return partnerCount < record.partnersWanted;
}

export function presentPractice(record: PracticeRecord, experimentTopicIds: number[], forumUrl: string): Practice {
  return {
    topicId: record.topicId,
    title: record.title,
    slug: record.slug,
    url: topicUrl(forumUrl, record.topicId, record.slug),
    summary: record.summary,
    owner: { username: record.owner.username },
    version: record.version,
    experimentTopicIds,
    archived: record.archived,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
