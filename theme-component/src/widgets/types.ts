import type { ChangelogEntry, ChangelogFeed, DecisionKind, DecisionRecord, Experiment, FeedEntry, Practice, Reflection } from '@praxis/shared';

export type { ChangelogEntry, ChangelogFeed, DecisionKind, DecisionRecord, FeedEntry, Practice, Reflection };

export type PartnerRole = Experiment['partners'][number]['role'];

export const PARTNER_ROLES: readonly PartnerRole[] = ['co-experimenter', 'observer', 'critical-friend'];

/** The fields a sidecar older than the reflection and decision records does not send. */
type NewerExperimentField = 'seekingPartners' | 'reflections' | 'decision' | 'concludedAt';

/**
 * An experiment as the widgets read it: the shared `Experiment`, with the newer fields optional so
 * the widgets also work against a sidecar that does not send them yet.
 */
export type ExperimentView = Omit<Experiment, NewerExperimentField> & Partial<Pick<Experiment, NewerExperimentField>>;

export interface ChangelogView {
  practiceTopicId: number;
  entries: ChangelogEntry[];
}
