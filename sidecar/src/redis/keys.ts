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

    experiment: (topicId: number) => `${prefix}:experiment:${topicId}`,
    experimentIndex: `${prefix}:experiments`,
    practice: (topicId: number) => `${prefix}:practice:${topicId}`,
    practiceIndex: `${prefix}:practices`,
    practiceExperiments: (topicId: number) => `${prefix}:practice:${topicId}:experiments`,
    changelog: (topicId: number) => `${prefix}:practice:${topicId}:changelog`,

    category: (categoryId: number) => `${prefix}:category:${categoryId}`,
    forumRequestLog: `${prefix}:forum:request-log`,
  };
}

export type Keys = ReturnType<typeof createKeys>;

export const EVENTS_QUEUE = 'events';
