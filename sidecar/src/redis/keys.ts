/**
 * Names of every Redis key and queue. All start with the configured prefix, so several
 * installations (or test files) can share one Redis without touching each other's data.
 */
export function createKeys(prefix: string) {
  return {
    prefix,
    /** BullMQ's own prefix. The `{bull}` hash tag keeps each queue's keys in one Redis Cluster slot. */
    bullPrefix: `${prefix}:{bull}`,

    topic: (topicId: number) => `${prefix}:topic:${topicId}`,
    firstPost: (topicId: number) => `${prefix}:topic:${topicId}:first-post`,
    topicLock: (topicId: number) => `${prefix}:lock:topic:${topicId}`,
    /** Hash of post id → reply JSON, for replies that carry a reflection or decision. */
    replies: (topicId: number) => `${prefix}:topic:${topicId}:replies`,
    /** Hash of first-post version → revision JSON (edit reason, editor, time). */
    revisions: (topicId: number) => `${prefix}:topic:${topicId}:revisions`,

    experiment: (topicId: number) => `${prefix}:experiment:${topicId}`,
    experimentIndex: `${prefix}:experiments`,
    /** Hash of username → partner JSON. */
    partners: (topicId: number) => `${prefix}:experiment:${topicId}:partners`,
    practice: (topicId: number) => `${prefix}:practice:${topicId}`,
    practiceIndex: `${prefix}:practices`,
    practiceExperiments: (topicId: number) => `${prefix}:practice:${topicId}:experiments`,
    changelog: (topicId: number) => `${prefix}:practice:${topicId}:changelog`,

    category: (categoryId: number) => `${prefix}:category:${categoryId}`,
    forumRequestLog: `${prefix}:forum:request-log`,
    /** "posting" or "posted:<post id>" for the announcement of one decision. */
    announcement: (experimentTopicId: number, decisionPostNumber: number) =>
      `${prefix}:announcement:${experimentTopicId}:${decisionPostNumber}`,
    /** Every experiment's partners hash, as a SCAN pattern. */
    partnersPattern: `${prefix}:experiment:*:partners`,
    /** A verified caller, keyed by the SHA-256 of their session cookie or user API key (never the secret itself). */
    identity: (credentialDigest: string) => `${prefix}:identity:${credentialDigest}`,
    identityPattern: `${prefix}:identity:*`,
    /** Whether a forum user may read a topic, as the forum reported it for that user. */
    topicAccess: (userId: number, topicId: number) => `${prefix}:access:user:${userId}:topic:${topicId}`,
    /** Every cached topic permission of one user, as a SCAN pattern. */
    topicAccessPattern: (userId: number) => `${prefix}:access:user:${userId}:topic:*`,
    /** Sorted set of one user's recent joins and leaves, for their per-minute limit. */
    partnerChanges: (userId: number) => `${prefix}:partner-changes:user:${userId}`,
    /** Hash of an experiment's reminder plan: review moment, planned job, and each stage's posting state. */
    reminder: (topicId: number) => `${prefix}:reminder:${topicId}`,
    /** Hash of topic id → what reconciliation last saw of the topic in the tag lists, and when it re-read it. */
    reconcileStamps: `${prefix}:reconcile:stamps`,
    /** Held by the one reconciliation run in progress across all processes. */
    reconcileLock: `${prefix}:lock:reconcile`,
    /** Set of topic ids the backfill has imported; kept so that an interrupted backfill resumes. */
    backfillDone: `${prefix}:backfill:done`,
  };
}

export type Keys = ReturnType<typeof createKeys>;

export const EVENTS_QUEUE = 'events';
export const REMINDERS_QUEUE = 'reminders';
export const RECONCILE_QUEUE = 'reconcile';
