import type { ExperimentStatus } from '@praxis/shared';
import type { CurrentUser } from './config';
import { sameUsername } from './config';
import type { MessageKey } from './messages';
import type { DecisionKind, ExperimentView, PartnerRole } from './types';

export type Partner = ExperimentView['partners'][number];

/** Reason the reader cannot join; the sidecar rejects a join for the same reasons with 409. */
export type JoinBlock = 'owner' | 'archived' | 'concluded' | 'full';

export const STATUS_KEYS: Record<ExperimentStatus, MessageKey> = {
  proposed: 'experiment.status.proposed',
  running: 'experiment.status.running',
  reflecting: 'experiment.status.reflecting',
  concluded: 'experiment.status.concluded',
};

export const ROLE_KEYS: Record<PartnerRole, MessageKey> = {
  'co-experimenter': 'roles.co_experimenter',
  observer: 'roles.observer',
  'critical-friend': 'roles.critical_friend',
};

export const DECISION_KEYS: Record<DecisionKind, MessageKey> = {
  adopt: 'experiment.decision_kind.adopt',
  adapt: 'experiment.decision_kind.adapt',
  abandon: 'experiment.decision_kind.abandon',
};

export const JOIN_BLOCK_KEYS: Record<JoinBlock, MessageKey> = {
  owner: 'join.reason.owner',
  archived: 'join.reason.archived',
  concluded: 'join.reason.concluded',
  full: 'join.reason.full',
};

/** Returns true once the status is `concluded` or a decision or conclusion date is recorded. */
export function isConcluded(experiment: ExperimentView): boolean {
  return experiment.status === 'concluded' || Boolean(experiment.concludedAt) || Boolean(experiment.decision);
}

/** Returns true when the partner count reached `partnersWanted`. A null `partnersWanted` sets no limit. */
export function isFull(experiment: ExperimentView): boolean {
  return experiment.partnersWanted !== null && experiment.partners.length >= experiment.partnersWanted;
}

export function isOwner(experiment: ExperimentView, user: CurrentUser | null): boolean {
  return user !== null && sameUsername(experiment.owner.username, user.username);
}

export function partnerOf(experiment: ExperimentView, user: CurrentUser | null): Partner | undefined {
  if (!user) return undefined;
  return experiment.partners.find((partner) => sameUsername(partner.username, user.username));
}

/** Returns why a signed-in reader who is not yet a partner cannot join, or null when joining is allowed. */
export function joinBlock(experiment: ExperimentView, user: CurrentUser | null): JoinBlock | null {
  if (isOwner(experiment, user)) return 'owner';
  if (experiment.archived) return 'archived';
  if (isConcluded(experiment)) return 'concluded';
  if (isFull(experiment)) return 'full';
  return null;
}

/** Returns why a partner cannot leave, or null. A full experiment still lets partners leave. */
export function leaveBlock(experiment: ExperimentView): JoinBlock | null {
  if (experiment.archived) return 'archived';
  if (isConcluded(experiment)) return 'concluded';
  return null;
}
